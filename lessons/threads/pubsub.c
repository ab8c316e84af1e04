/*
 * pubsub - an exchange that passes every message to whoever is subscribed.
 *
 * Python: the notes' Exchange (attach, detach, a subscribe() context
 * manager, send() to every subscriber), get_exchange(name) over a
 * defaultdict, and two Tasks whose send() prints `task_a send: msg1`.
 * Inside `with exc.subscribe(task_a, task_b)` the exchange sends msg1 and
 * msg2; after the block it sends msg3, which nobody receives.
 *
 * As in the notes, a task's send() runs on the sender's thread: main
 * prints every line.  Each task also keeps what it received in an inbox (a
 * queue, read back at the end), so the queue panel draws the fan-out: one
 * put per subscriber per message.
 *
 * Invariants: subscribers are kept in attach order (Python's set has no
 * order of its own: see the text); only main touches the exchange.  A task
 * whose inbox cannot be made (the arena's object table is full) is never
 * attached and the run says so: nothing is sent to it.
 */
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

#define MAX_TASKS 500
#define MESSAGES 2 /* sent inside the block: msg1, msg2 */

struct task {
	char name[16];
	wf_queue *inbox; /* what this task received, in order */
};

struct exchange {
	char name[16];
	struct task *sub[MAX_TASKS]; /* current subscribers, in attach order */
	int count;
};

static struct task tasks[MAX_TASKS];
static struct exchange exchanges[4];
static int nexchanges;
static long sent_lines; /* lines task.send printed */

/* task.send(msg): the task's print, and the message into its inbox. */
static void task_send(struct task *t, const char *msg)
{
	wf_print("%s send: %s", t->name, msg);
	sent_lines++;
	wf_queue_put(t->inbox, (uint64_t)(uintptr_t)msg, 0);
}

/* get_exchange(name): the exchange of that name, made on first use. */
static struct exchange *get_exchange(const char *name)
{
	for (int i = 0; i < nexchanges; i++)
		if (strcmp(exchanges[i].name, name) == 0)
			return &exchanges[i];
	if (nexchanges == (int)(sizeof exchanges / sizeof *exchanges))
		return NULL;
	struct exchange *e = &exchanges[nexchanges++];
	snprintf(e->name, sizeof e->name, "%s", name);
	e->count = 0;
	return e;
}

static void attach(struct exchange *e, struct task *t)
{
	e->sub[e->count++] = t;
}

static void detach(struct exchange *e, struct task *t)
{
	for (int i = 0; i < e->count; i++)
		if (e->sub[i] == t) {
			memmove(&e->sub[i], &e->sub[i + 1], (size_t)(e->count - i - 1) * sizeof *e->sub);
			e->count--;
			return;
		}
}

static void exchange_send(struct exchange *e, const char *msg)
{
	for (int i = 0; i < e->count; i++)
		task_send(e->sub[i], msg);
}

/* The tasks' names: task_a ... task_z, then task_27, task_28, ... */
static int make_tasks(int n)
{
	for (int i = 0; i < n; i++) {
		struct task *t = &tasks[i];
		if (i < 26)
			snprintf(t->name, sizeof t->name, "task_%c", 'a' + i);
		else
			snprintf(t->name, sizeof t->name, "task_%d", i + 1);
		t->inbox = wf_queue_new(t->name, MESSAGES + 1, 0);
		if (!t->inbox) {
			wf_print("no room for %s's inbox: %d of %d tasks made", t->name, i, n);
			return i;
		}
	}
	return n;
}

/* How many tasks received exactly msg1, msg2 in that order (draining them). */
static int check_inboxes(int n, long *delivered)
{
	static const char *const want[MESSAGES] = {"msg1", "msg2"};
	int good = 0;
	*delivered = 0;
	for (int i = 0; i < n; i++) {
		uint64_t item;
		int k = 0;
		bool ok = true;
		while (wf_queue_get(tasks[i].inbox, &item, 0) == 0) {
			const char *msg = (const char *)(uintptr_t)item;
			ok = ok && k < MESSAGES && strcmp(msg, want[k]) == 0;
			k++;
		}
		*delivered += k;
		good += ok && k == MESSAGES;
	}
	return good;
}

static void run(void)
{
	int n = (int)wf_param_int("subscribers");
	sent_lines = 0;
	nexchanges = 0;
	int made = make_tasks(n);
	struct exchange *exc = get_exchange("name");

	/* with exc.subscribe(task_a, task_b, ...): */
	for (int i = 0; i < made; i++)
		attach(exc, &tasks[i]);
	wf_print("subscribe(): %d task%s attached", exc->count, exc->count == 1 ? "" : "s");
	exchange_send(exc, "msg1");
	exchange_send(exc, "msg2");
	for (int i = 0; i < made; i++)
		detach(exc, &tasks[i]);
	wf_print("end of the with block: detached, %d subscribers", exc->count);

	long before = sent_lines;
	exchange_send(exc, "msg3");
	long after_block = sent_lines - before;
	wf_print("send('msg3') after the block reached %ld task%s", after_block, after_block == 1 ? "" : "s");

	long delivered;
	int good = check_inboxes(made, &delivered);
	wf_print("%d of %d inboxes hold exactly msg1, msg2", good, made);
	wf_result("subscribers=%d lines=%ld delivered=%ld inboxes_ok=%d after_block=%ld", made,
		  before, delivered, good, after_block);
}

static const struct wf_param params[] = {
	{"subscribers", NULL, "2", 1, MAX_TASKS, "tasks subscribed inside the with block"},
};

const struct wf_lesson lesson_pubsub = {
	.id = "pubsub",
	.track = "threads",
	.title_en = "Publish/subscribe: an exchange",
	.title_zh = "发布/订阅：消息交换机",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
