/*
 * test_pipe.c - the duplex pipe (sim/msg/pipe.c): what it delivers, the
 * events it writes (the table in sim/wire/event.h), EOF and the closed-end
 * errors, a real block across fork, and the model's pairing of its
 * messages (sim/model/model_msg.c).
 *
 * Each test maps a fresh arena with lesson time at speed 1000 and makes
 * the test thread actor 0; rings are read directly.  Nothing asserts a
 * duration, only orders.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "model.h"
#include "weft.h"
#include "fixtures.h"

#define LOG_MAX 512

static struct wf_ev logs[4][LOG_MAX];
static size_t nlog[4];

static size_t collect(uint16_t id)
{
	nlog[id] += ring_drain(&wf_arena->rings[id], logs[id] + nlog[id], LOG_MAX - nlog[id]);
	return nlog[id];
}

/* The types actor id wrote from index `from`, as "msg-send,wait,..." of
 * the types in `only` (an EV_TYPE_COUNT-sized filter). */
static void types(uint16_t id, const bool *only, char *out, size_t size)
{
	collect(id);
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < nlog[id]; i++) {
		if (!only[logs[id][i].type])
			continue;
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "," : "", ev_type_name(logs[id][i].type));
		if (n >= size)
			break;
	}
}

static bool pipe_types[EV_TYPE_COUNT];

static int setup(void **state)
{
	(void)state;
	memset(nlog, 0, sizeof nlog);
	memset(pipe_types, 0, sizeof pipe_types);
	pipe_types[EV_WAIT] = pipe_types[EV_WAKE] = pipe_types[EV_MSG_SEND] = true;
	pipe_types[EV_MSG_RECV] = pipe_types[EV_PIPE_CLOSE] = true;
	return fixture_arena_up(1000.0, true);
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

static void test_pipe_both_ways_in_order(void **state)
{
	(void)state;
	wf_conn *a, *b;
	assert_int_equal(wf_pipe_new("pipe", &a, &b), 0);
	assert_int_equal(wf_conn_send_str(a, "one"), 0);
	assert_int_equal(wf_conn_send_str(a, "two"), 0);
	assert_int_equal(wf_conn_send_str(b, "back"), 0);
	assert_int_equal(wf_conn_poll(b, 0), 1);
	char s[16];
	assert_int_equal(wf_conn_recv_str(b, s, sizeof s), 0);
	assert_string_equal(s, "one");
	assert_int_equal(wf_conn_recv_str(b, s, sizeof s), 0);
	assert_string_equal(s, "two");
	assert_int_equal(wf_conn_poll(b, 0), 0); /* nothing more that way */
	assert_int_equal(wf_conn_recv_str(a, s, sizeof s), 0);
	assert_string_equal(s, "back");
	assert_int_equal(msgheap_stats(&wf_arena->msgs).in_use, 0);

	char got[256];
	types(0, pipe_types, got, sizeof got);
	assert_string_equal(got, "msg-send,msg-send,msg-send,msg-recv,msg-recv,msg-recv");
	/* directions: a's sends are way 0, b's way 1; each recv names its way */
	unsigned dirs[6], k = 0;
	uint64_t ids[6];
	for (size_t i = 0; i < nlog[0]; i++)
		if (logs[0][i].type == EV_MSG_SEND || logs[0][i].type == EV_MSG_RECV) {
			ids[k] = logs[0][i].a;
			dirs[k++] = MSG_DIR(logs[0][i].b);
		}
	assert_int_equal(dirs[0], 0);
	assert_int_equal(dirs[2], 1);
	assert_int_equal(dirs[3], 0);
	assert_int_equal(dirs[5], 1);
	assert_int_equal(ids[3], ids[0]);
	assert_int_equal(ids[4], ids[1]);
	assert_int_equal(ids[5], ids[2]);
}

static void test_pipe_eof_after_drain_and_closed_errors(void **state)
{
	(void)state;
	wf_conn *a, *b;
	assert_int_equal(wf_pipe_new("pipe", &a, &b), 0);
	assert_int_equal(wf_conn_send_str(a, "last"), 0);
	assert_int_equal(wf_conn_close(a), 0);
	assert_int_equal(wf_conn_close(a), 0); /* twice is harmless */
	char s[16];
	assert_int_equal(wf_conn_recv_str(b, s, sizeof s), 0); /* what was sent still arrives */
	assert_string_equal(s, "last");
	assert_int_equal(wf_conn_poll(b, 0), 1); /* recv would not block: EOF */
	assert_int_equal(wf_conn_recv_str(b, s, sizeof s), WF_EEOF);
	errno = 0;
	assert_int_equal(wf_conn_send_str(b, "x"), WF_ESYS); /* BrokenPipeError */
	assert_int_equal(errno, EPIPE);
	assert_int_equal(wf_conn_recv_str(a, s, sizeof s), WF_ESTATE); /* handle is closed */
	assert_int_equal(wf_conn_send_str(a, "x"), WF_ESTATE);
	assert_int_equal(msgheap_stats(&wf_arena->msgs).in_use, 0); /* refused sends freed theirs */

	char got[256];
	types(0, pipe_types, got, sizeof got);
	assert_string_equal(got, "msg-send,pipe-close,msg-recv,msg-recv");
	assert_int_equal(logs[0][nlog[0] - 1].a, 0); /* the EOF: no message */
}

static void test_pipe_short_buffer(void **state)
{
	(void)state;
	wf_conn *a, *b;
	assert_int_equal(wf_pipe_new("pipe", &a, &b), 0);
	assert_int_equal(wf_conn_send(a, "abcdef", 6), 0);
	char buf[4];
	size_t n;
	assert_int_equal(wf_conn_recv(b, buf, 3, &n), WF_ESHORT);
	assert_int_equal(n, 6);
	assert_memory_equal(buf, "abc", 3);
	assert_int_equal(wf_conn_poll(b, 0.001), 0); /* a timed poll that runs out */
}

static wf_conn *full_end;
static _Atomic int sent_65th;

static void send_one_more(void *arg)
{
	(void)arg;
	if (wf_conn_send_str(full_end, "65th") == 0)
		atomic_store(&sent_65th, 1);
}

static void test_pipe_full_way_blocks_the_sender(void **state)
{
	(void)state;
	wf_conn *b;
	assert_int_equal(wf_pipe_new("pipe", &full_end, &b), 0);
	for (int i = 0; i < WF_PIPE_DEPTH; i++)
		assert_int_equal(wf_conn_send_str(full_end, "x"), 0);
	atomic_store(&sent_65th, 0);
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "sender", send_one_more, NULL), 0);
	for (int i = 0; i < 2000 && atomic_load(&wf_arena->actors[t.actor].status) != STATUS_BLOCKED; i++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	assert_int_equal(atomic_load(&wf_arena->actors[t.actor].status), STATUS_BLOCKED);
	assert_int_equal(atomic_load(&sent_65th), 0);
	char s[8];
	assert_int_equal(wf_conn_recv_str(b, s, sizeof s), 0); /* room for one */
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(atomic_load(&sent_65th), 1);
	for (int i = 0; i < WF_PIPE_DEPTH; i++)
		assert_int_equal(wf_conn_recv_str(b, s, sizeof s), 0);
	assert_string_equal(s, "65th");
	char got[64];
	types(t.actor, pipe_types, got, sizeof got);
	assert_string_equal(got, "wait,wake,msg-send");
}

static wf_conn *child_end;

/* The child waits a little (so the parent is surely blocked in recv),
 * sends [42, None, 'hello'], then blocks in recv for the reply. */
static void child_talks(void *arg)
{
	(void)arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test must not leave it blocked in recv */
	struct timespec ts = {0, 50 * 1000 * 1000};
	nanosleep(&ts, NULL);
	wf_msg m;
	wf_msg_init(&m);
	wf_msg_list(&m, 3);
	wf_msg_int(&m, 42);
	wf_msg_none(&m);
	wf_msg_str(&m, "hello");
	if (wf_conn_send_msg(child_end, &m) != 0)
		_exit(3);
	char s[16];
	if (wf_conn_recv_str(child_end, s, sizeof s) != 0 || strcmp(s, "Hi") != 0)
		_exit(4);
	wf_conn_close(child_end);
}

static void test_pipe_blocks_across_fork(void **state)
{
	(void)state;
	wf_conn *parent;
	assert_int_equal(wf_pipe_new("pipe", &parent, &child_end), 0);
	wf_process p;
	assert_int_equal(wf_process_spawn(&p, "child", child_talks, NULL), 0);
	wf_msg m;
	assert_int_equal(wf_conn_recv_msg(parent, &m), 0);
	char text[64];
	assert_int_equal(wf_msg_text(m.data, m.len, text, sizeof text), 0);
	assert_string_equal(text, "[42, None, 'hello']");
	/* let the child block in its recv before replying */
	for (int i = 0; i < 2000 && atomic_load(&wf_arena->actors[p.actor].status) != STATUS_BLOCKED; i++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	assert_int_equal(atomic_load(&wf_arena->actors[p.actor].status), STATUS_BLOCKED);
	assert_int_equal(wf_conn_send_str(parent, "Hi"), 0);
	assert_int_equal(wf_process_join(&p), 0);
	assert_true(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0);
	assert_int_equal(wf_conn_recv_msg(parent, &m), WF_EEOF);

	char got[256];
	types(0, pipe_types, got, sizeof got);
	assert_string_equal(got, "wait,wake,msg-recv,msg-send,msg-recv"); /* the parent blocked first */
	types(p.actor, pipe_types, got, sizeof got);
	assert_string_equal(got, "msg-send,wait,wake,msg-recv,pipe-close");

	/* The model pairs both messages: from the child to main, then back. */
	model *md = model_new();
	assert_non_null(md);
	struct wf_ev all[2 * LOG_MAX];
	size_t n = 0, i0 = 0, i1 = 0;
	while (i0 < nlog[0] || i1 < nlog[p.actor]) { /* merge the two rings by timestamp */
		bool take0 = i1 >= nlog[p.actor] || (i0 < nlog[0] && logs[0][i0].ts <= logs[p.actor][i1].ts);
		all[n++] = take0 ? logs[0][i0++] : logs[p.actor][i1++];
	}
	for (size_t i = 0; i < n; i++) {
		all[i].ts = i; /* any increasing lesson time */
		model_fold(md, &all[i], all[i].type == EV_SPAWN ? (all[i].actor ? "child" : "main") : NULL);
	}
	assert_int_equal(model_message_count(md), 2);
	const struct model_message *m1 = model_message(md, 0), *m2 = model_message(md, 1);
	assert_non_null(m1);
	assert_non_null(m2);
	assert_int_equal(m1->from, p.actor);
	assert_int_equal(m1->to, 0);
	assert_int_equal(m1->dir, 1);
	assert_int_equal(m2->from, 0);
	assert_int_equal(m2->to, p.actor);
	assert_true(m1->sent < m1->received && m1->received < m2->sent && m2->sent < m2->received);
	struct model_msg_counts c = model_msg_counts(md, m1->obj, 0);
	assert_int_equal(c.sent, 1);
	assert_int_equal(c.received, 1);
	assert_int_equal(c.eofs, 0);
	assert_int_equal(model_msg_counts(md, m1->obj, 1).eofs, 1); /* the way from the closed end */
	model_free(md);
}

static void test_pipe_model_pairs_receive_before_send(void **state)
{
	(void)state;
	model *md = model_new();
	assert_non_null(md);
	fixture_fold(md, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 0, "main");
	fixture_fold(md, 0, 1, EV_SPAWN, WF_NONE, 0, 0, "worker");
	fixture_fold(md, 0, 0, EV_OBJ_NEW, 0, OBJ_QUEUE, 4, "q");
	fixture_fold(md, 10, 1, EV_MSG_RECV, 0, 7, MSG_B(5, 0), NULL); /* the getter's stamp came first */
	fixture_fold(md, 11, 0, EV_MSG_SEND, 0, 7, MSG_B(5, 0), NULL);
	fixture_fold(md, 12, 0, EV_MSG_SEND, 0, 8, MSG_B(3, 0), NULL); /* in flight */
	assert_int_equal(model_message_count(md), 8); /* the window runs to id 8 */
	const struct model_message *m = model_message(md, 6);
	assert_non_null(m);
	assert_int_equal(m->id, 7);
	assert_int_equal(m->from, 0);
	assert_int_equal(m->to, 1);
	assert_int_equal(m->len, 5);
	m = model_message(md, 7);
	assert_int_equal(m->to, WF_NONE);
	assert_int_equal(m->received, -1);
	assert_null(model_message(md, 0)); /* ids 1..6 never seen */
	/* a million ids later only the window is kept */
	fixture_fold(md, 13, 0, EV_MSG_SEND, 0, 1000000, MSG_B(1, 0), NULL);
	assert_int_equal(model_message_count(md), MODEL_MSG_MAX);
	assert_int_equal(model_message(md, MODEL_MSG_MAX - 1)->id, 1000000);
	fixture_fold(md, 14, 1, EV_MSG_RECV, 0, 8, MSG_B(3, 0), NULL); /* too old to pair: counted only */
	assert_int_equal(model_msg_counts(md, 0, 0).received, 2);
	model_free(md);
}

#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pipe_both_ways_in_order),
		T(test_pipe_eof_after_drain_and_closed_errors),
		T(test_pipe_short_buffer),
		T(test_pipe_blocks_across_fork),
		T(test_pipe_full_way_blocks_the_sender),
		T(test_pipe_model_pairs_receive_before_send),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
