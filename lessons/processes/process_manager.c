/*
 * process-manager - "shared" dict and list that are really a server.
 *
 * Python: multiprocessing.Manager(), manager.dict(), manager.list(range(10))
 * and their proxies.  The course's demo (000 §10): a worker process sets
 * three keys of a dict (1: '一', '二': 2, 0.25: None) and reverses a list
 * of 0..9; the parent then prints {1: '一', '二': 2, 0.25: None} and
 * [9, 8, 7, 6, 5, 4, 3, 2, 1, 0].
 *
 * The dict and the list live in the manager process's own memory, nowhere
 * else.  Every operation on them is a request message to the manager and a
 * reply message back, so each is drawn from a client's lane to the
 * manager's and back.  Requests go on one queue ([client, op, target,
 * args...] as typed values); each client has its own reply queue.  The
 * worker waits `pace` lesson seconds before each request so they can be
 * told apart on the timeline (the notes' demo: pace=0).
 */
#include <string.h>

#include "lesson.h"
#include "weft.h"

enum { MAIN_CLIENT, WORKER_CLIENT, CLIENTS };
#define ITEMS_MAX 32

static wf_queue *requests, *replies[CLIENTS];
static long *served; /* requests the manager served, in shared memory for the result */

/* --- the manager process: the only place the dict and list exist -------- */

struct item {
	unsigned char raw[64]; /* one typed value, as it came in a request */
	size_t len;
};

static struct item dict_key[ITEMS_MAX], dict_val[ITEMS_MAX], list[ITEMS_MAX];
static size_t dict_len, list_len;

static void item_set(struct item *it, const struct wf_val *v)
{
	it->len = v->raw_len < sizeof it->raw ? v->raw_len : sizeof it->raw;
	memcpy(it->raw, v->raw, it->len);
}

static void dict_setitem(const struct wf_val *key, const struct wf_val *val)
{
	size_t i = 0;
	while (i < dict_len && !(dict_key[i].len == key->raw_len && !memcmp(dict_key[i].raw, key->raw, key->raw_len)))
		i++;
	if (i == ITEMS_MAX)
		return;
	if (i == dict_len)
		dict_len++;
	item_set(&dict_key[i], key);
	item_set(&dict_val[i], val);
}

/* str(dict) or str(list), as Python prints them. */
static void render(bool dict, char *out, size_t size)
{
	wf_msg m;
	wf_msg_init(&m);
	if (dict) {
		wf_msg_dict(&m, (unsigned)dict_len);
		for (size_t i = 0; i < dict_len; i++) {
			wf_msg_raw(&m, dict_key[i].raw, dict_key[i].len);
			wf_msg_raw(&m, dict_val[i].raw, dict_val[i].len);
		}
	} else {
		wf_msg_list(&m, (unsigned)list_len);
		for (size_t i = 0; i < list_len; i++)
			wf_msg_raw(&m, list[i].raw, list[i].len);
	}
	wf_msg_repr(m.data, m.len, out, size);
}

/* Serves one request; false when it was shutdown. */
static bool serve(const unsigned char *buf, size_t len)
{
	static const char *const who[CLIENTS] = {"main", "worker"};
	wf_msg_reader r;
	struct wf_val head, client, op, target, a, b;
	wf_msg_read(&r, buf, len);
	if (wf_msg_next(&r, &head) != WF_VAL_LIST || wf_msg_next(&r, &client) != WF_VAL_INT ||
	    client.i < 0 || client.i >= CLIENTS || wf_msg_next(&r, &op) != WF_VAL_STR)
		return true;
	bool dict = wf_msg_next(&r, &target) == WF_VAL_STR && target.n == 4 && !memcmp(target.s, "dict", 4);
	char text[256], k[64], v[64];
	wf_msg reply;
	wf_msg_init(&reply);
	bool go_on = true;
	if (op.n == 6 && !memcmp(op.s, "create", 6)) {
		if (!dict && wf_msg_next(&r, &a) == WF_VAL_LIST) /* list(range(10)): its items follow */
			for (list_len = 0; list_len < a.n && list_len < ITEMS_MAX; list_len++) {
				wf_msg_take(&r, &b);
				item_set(&list[list_len], &b);
			}
		render(dict, text, sizeof text);
		wf_print("manager: %s creates a %s: %s", who[client.i], dict ? "dict" : "list", text);
		wf_msg_none(&reply);
	} else if (op.n == 7 && !memcmp(op.s, "setitem", 7)) {
		wf_msg_take(&r, &a);
		wf_msg_take(&r, &b);
		dict_setitem(&a, &b);
		wf_msg_repr(a.raw, a.raw_len, k, sizeof k);
		wf_msg_repr(b.raw, b.raw_len, v, sizeof v);
		wf_print("manager: %s sets dict[%s] = %s", who[client.i], k, v);
		wf_msg_none(&reply);
	} else if (op.n == 7 && !memcmp(op.s, "reverse", 7)) {
		for (size_t i = 0; i < list_len / 2; i++) {
			struct item t = list[i];
			list[i] = list[list_len - 1 - i];
			list[list_len - 1 - i] = t;
		}
		wf_print("manager: %s reverses the list", who[client.i]);
		wf_msg_none(&reply);
	} else if (op.n == 3 && !memcmp(op.s, "str", 3)) {
		render(dict, text, sizeof text);
		wf_print("manager: %s asks for str(%s)", who[client.i], dict ? "dict" : "list");
		wf_msg_str(&reply, text);
	} else { /* shutdown */
		wf_print("manager: shutting down");
		wf_msg_none(&reply);
		go_on = false;
	}
	(*served)++;
	wf_queue_put_msg(replies[client.i], reply.data, reply.len, WF_FOREVER);
	return go_on;
}

static void manager(void *arg)
{
	(void)arg;
	unsigned char buf[WF_MSG_INLINE];
	size_t n;
	while (wf_queue_get_msg(requests, buf, sizeof buf, &n, WF_FOREVER) == 0 && serve(buf, n))
		;
}

/* --- the clients: proxies that turn each operation into a request ------- */

/* Sends a request and waits for its reply (what every proxy call does). */
static void call(int client, wf_msg *req, char *reply, size_t size)
{
	unsigned char buf[WF_MSG_INLINE];
	size_t n = 0;
	wf_queue_put_msg(requests, req->data, req->len, WF_FOREVER);
	wf_queue_get_msg(replies[client], buf, sizeof buf, &n, WF_FOREVER);
	if (reply)
		wf_msg_text(buf, n, reply, size);
}

static void request(wf_msg *m, int client, const char *op, const char *target, unsigned args)
{
	wf_msg_init(m);
	wf_msg_list(m, 3 + args);
	wf_msg_int(m, client);
	wf_msg_str(m, op);
	wf_msg_str(m, target);
}

static void worker(void *arg)
{
	(void)arg;
	double pace = (double)wf_param_int("pace_ms") / 1000.0;
	wf_msg m;
	wf_sleep(pace);
	request(&m, WORKER_CLIENT, "setitem", "dict", 2); /* shared_dict[1] = '一' */
	wf_msg_int(&m, 1);
	wf_msg_str(&m, "一");
	call(WORKER_CLIENT, &m, NULL, 0);
	wf_sleep(pace);
	request(&m, WORKER_CLIENT, "setitem", "dict", 2); /* shared_dict['二'] = 2 */
	wf_msg_str(&m, "二");
	wf_msg_int(&m, 2);
	call(WORKER_CLIENT, &m, NULL, 0);
	wf_sleep(pace);
	request(&m, WORKER_CLIENT, "setitem", "dict", 2); /* shared_dict[0.25] = None */
	wf_msg_float(&m, 0.25);
	wf_msg_none(&m);
	call(WORKER_CLIENT, &m, NULL, 0);
	wf_sleep(pace);
	request(&m, WORKER_CLIENT, "reverse", "list", 0); /* shared_list.reverse() */
	call(WORKER_CLIENT, &m, NULL, 0);
}


static void run(void)
{
	requests = wf_queue_new("requests", 8, WF_SHARED);
	replies[MAIN_CLIENT] = wf_queue_new("replies:main", 1, WF_SHARED);
	replies[WORKER_CLIENT] = wf_queue_new("replies:worker", 1, WF_SHARED);
	served = wf_shared_alloc(sizeof *served);
	if (!requests || !replies[MAIN_CLIENT] || !replies[WORKER_CLIENT] || !served) {
		wf_print("out of shared memory");
		return;
	}
	wf_process mgr, w;
	wf_process_spawn(&mgr, "manager", manager, NULL); /* with Manager() as manager: */
	wf_msg m;
	request(&m, MAIN_CLIENT, "create", "dict", 0); /* manager.dict() */
	call(MAIN_CLIENT, &m, NULL, 0);
	request(&m, MAIN_CLIENT, "create", "list", 1); /* manager.list(range(10)) */
	wf_msg_list(&m, 10);
	for (int i = 0; i < 10; i++)
		wf_msg_int(&m, i);
	call(MAIN_CLIENT, &m, NULL, 0);

	wf_process_spawn(&w, "worker", worker, NULL);
	wf_process_join(&w);

	char d[256], l[256];
	request(&m, MAIN_CLIENT, "str", "dict", 0); /* print(shared_dict) */
	call(MAIN_CLIENT, &m, d, sizeof d);
	wf_print("%s", d);
	request(&m, MAIN_CLIENT, "str", "list", 0); /* print(shared_list) */
	call(MAIN_CLIENT, &m, l, sizeof l);
	wf_print("%s", l);
	request(&m, MAIN_CLIENT, "shutdown", "", 0); /* leaving the with block */
	call(MAIN_CLIENT, &m, NULL, 0);
	wf_process_join(&mgr);

	char dw[256], lw[256];
	wf_msg_word(d, dw, sizeof dw);
	wf_msg_word(l, lw, sizeof lw);
	wf_result("dict=%s list=%s requests=%ld", dw, lw, *served);
}

static const struct wf_param params[] = {
	{"pace_ms", NULL, "500", 0, 5000, "lesson ms the worker waits before each request (0: the notes' timing)"},
};

const struct wf_lesson lesson_process_manager = {
	.id = "process-manager",
	.track = "processes",
	.title_en = "A Manager: shared objects that are a server",
	.title_zh = "Manager：所谓共享对象其实是一台服务器",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
