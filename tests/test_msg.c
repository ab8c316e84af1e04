/*
 * test_msg.c - the message heap (sim/wire/msgheap.c), payload queues
 * (sim/msg/queue_msg.c) and typed values (sim/msg/msgvalue.c).
 *
 * The heap: a message reads back as written, whatever its length; freed
 * cells are reused, so a million messages sent one after another, or
 * through a queue between two processes, never hold more than the cells in
 * flight (the high-water mark); a full heap refuses a message and writes
 * nothing past its table.  The queue: payloads of every size cross a fork,
 * each put and get writes EV_MSG_SEND / EV_MSG_RECV with the same id.
 * Typed values print as CPython 3.11's repr() prints them (checked against
 * python3 when these cases were written).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actor.h"
#include "msgheap.h"
#include "queue.h"
#include "weft.h"
#include "fixtures.h"

static struct msgheap *heap;

static int heap_setup(void **state)
{
	(void)state;
	heap = calloc(1, sizeof *heap);
	return heap ? 0 : -1;
}

static int heap_teardown(void **state)
{
	(void)state;
	free(heap);
	return 0;
}

static int arena_setup(void **state)
{
	(void)state;
	return fixture_arena_up(1000.0, true);
}

static int arena_teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

/* ---- the heap ------------------------------------------------------------ */

static void test_msg_heap_round_trip_every_length(void **state)
{
	(void)state;
	static unsigned char in[3 * MSGHEAP_CELL_DATA + 7], out[sizeof in];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 7 + 1);
	for (size_t len = 0; len <= sizeof in; len++) {
		msg_ref m = 0;
		assert_int_equal(msgheap_put(heap, in, len, &m), 0);
		assert_true(m != 0);
		assert_int_equal(msgheap_len(heap, m), len);
		memset(out, 0, sizeof out);
		assert_int_equal(msgheap_read(heap, m, out, sizeof out), len);
		assert_memory_equal(in, out, len);
		/* a short buffer gets the first bytes only */
		if (len > 3)
			assert_int_equal(msgheap_read(heap, m, out, 3), 3);
		msgheap_free(heap, m);
	}
	struct msgheap_stats s = msgheap_stats(heap);
	assert_int_equal(s.in_use, 0);
	assert_int_equal(s.allocs, sizeof in + 1);
	assert_int_equal(s.frees, sizeof in + 1);
	assert_int_equal(s.peak, 4); /* the longest message: 4 cells */
}

static void test_msg_heap_ids_count_up(void **state)
{
	(void)state;
	msg_ref a, b;
	assert_int_equal(msgheap_put(heap, "x", 1, &a), 0);
	assert_int_equal(msgheap_put(heap, "y", 1, &b), 0);
	assert_int_equal(msgheap_id(heap, a), 1);
	assert_int_equal(msgheap_id(heap, b), 2);
	assert_true(a != b);
}

static void test_msg_heap_free_list_reuses_cells(void **state)
{
	(void)state;
	msg_ref a, b, c;
	assert_int_equal(msgheap_put(heap, "first", 5, &a), 0);
	assert_int_equal(msgheap_put(heap, "second", 6, &b), 0);
	msgheap_free(heap, a);
	assert_int_equal(msgheap_put(heap, "third", 5, &c), 0);
	assert_int_equal(c, a); /* the freed cell, not a fresh one */
	assert_int_equal(msgheap_stats(heap).fresh, 2);
	char out[8] = {0};
	msgheap_read(heap, b, out, sizeof out);
	assert_string_equal(out, "second");
}

static void test_msg_heap_million_messages_stay_bounded(void **state)
{
	(void)state;
	/* A window of 16 messages in flight, of lengths 1 .. 200 bytes. */
	enum { WINDOW = 16, TOTAL = 1000000 };
	msg_ref window[WINDOW] = {0};
	unsigned char buf[200], out[200];
	for (long i = 0; i < TOTAL; i++) {
		size_t len = 1 + (size_t)(i * 37 % 200);
		memset(buf, (int)(i & 0xff), len);
		msg_ref *slot = &window[i % WINDOW];
		if (*slot) {
			size_t n = msgheap_len(heap, *slot);
			assert_int_equal(msgheap_read(heap, *slot, out, sizeof out), n);
			if (out[0] != (unsigned char)((i - WINDOW) & 0xff))
				fail_msg("message %ld read back wrong", i - WINDOW);
			msgheap_free(heap, *slot);
		}
		if (msgheap_put(heap, buf, len, slot) != 0)
			fail_msg("message %ld refused with %u cells in use", i, msgheap_stats(heap).in_use);
	}
	struct msgheap_stats s = msgheap_stats(heap);
	assert_int_equal(s.allocs, TOTAL);
	assert_int_equal(s.refused, 0);
	/* 16 in flight, at most 5 cells each: the high-water mark and the
	 * cells ever touched stay there, a million messages later. */
	assert_true(s.peak <= WINDOW * 5);
	assert_true(s.fresh <= WINDOW * 5);
}

static void test_msg_heap_full_refuses(void **state)
{
	(void)state;
	static unsigned char big[MSGHEAP_MAX_LEN];
	size_t cells_per = MSGHEAP_MAX_LEN / MSGHEAP_CELL_DATA + 1;
	size_t fit = MSGHEAP_CELLS / cells_per, n = 0;
	msg_ref m, *held = calloc(fit + 1, sizeof *held);
	assert_non_null(held);
	while (msgheap_put(heap, big, sizeof big, &m) == 0)
		held[n++] = m;
	assert_int_equal(n, fit);
	/* Refused: no cell was taken (a message of the rest still fits). */
	struct msgheap_stats s = msgheap_stats(heap);
	assert_int_equal(s.refused, 1);
	assert_int_equal(s.in_use, fit * cells_per);
	size_t rest = (MSGHEAP_CELLS - s.in_use) * MSGHEAP_CELL_DATA;
	assert_int_equal(msgheap_put(heap, big, rest, &m), 0);
	assert_int_equal(msgheap_stats(heap).in_use, MSGHEAP_CELLS);
	assert_int_equal(msgheap_put(heap, "x", 1, &held[n]), WF_ENOMEM);
	/* Too long is refused whatever is free. */
	msgheap_free(heap, m);
	assert_int_equal(msgheap_put(heap, big, MSGHEAP_MAX_LEN + 1, &m), WF_ENOMEM);
	for (size_t i = 0; i < n; i++)
		msgheap_free(heap, held[i]);
	assert_int_equal(msgheap_stats(heap).in_use, 0);
	assert_int_equal(msgheap_put(heap, big, sizeof big, &m), 0);
	free(held);
}

/* Each thread keeps 8 messages of its own in flight, each holding the
 * thread's number and its sequence, and checks every one it reads back. */
enum { THREADS = 4, PER_THREAD = 100000 };
static _Atomic int heap_errors;

static void *churn(void *arg)
{
	long me = (long)(intptr_t)arg;
	msg_ref window[8] = {0};
	long buf[24], out[24];
	for (long i = 0; i < PER_THREAD; i++) {
		msg_ref *slot = &window[i % 8];
		if (*slot) {
			size_t n = msgheap_read(heap, *slot, out, sizeof out);
			if (n < 2 * sizeof(long) || out[0] != me || out[1] != i - 8)
				atomic_fetch_add(&heap_errors, 1);
			msgheap_free(heap, *slot);
		}
		size_t len = (2 + (size_t)(i % 22)) * sizeof(long);
		buf[0] = me;
		buf[1] = i;
		if (msgheap_put(heap, buf, len, slot) != 0)
			atomic_fetch_add(&heap_errors, 1);
	}
	for (int k = 0; k < 8; k++)
		msgheap_free(heap, window[k]);
	return NULL;
}

static void test_msg_heap_threads_share_the_free_list(void **state)
{
	(void)state;
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, churn, (void *)(intptr_t)i), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(atomic_load(&heap_errors), 0);
	struct msgheap_stats s = msgheap_stats(heap);
	assert_int_equal(s.in_use, 0);
	assert_int_equal(s.allocs, THREADS * PER_THREAD);
	assert_int_equal(s.frees, THREADS * PER_THREAD);
	assert_true(s.peak <= THREADS * 8 * 4); /* 8 in flight each, 4 cells at most */
}

/* ---- payload queues ------------------------------------------------------ */

static wf_queue *queue;
enum { CROSS = 200000 };
#define PATIENCE 30000.0 /* lesson seconds: 30 s of real time at speed 1000, however busy the machine */

static void put_many(void *arg)
{
	(void)arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	unsigned char buf[100];
	for (long i = 0; i < CROSS; i++) {
		size_t len = 1 + (size_t)(i % 100);
		memset(buf, (int)(i & 0xff), len);
		if (wf_queue_put_msg(queue, buf, len, PATIENCE) != 0)
			_exit(3); /* the parent is gone or stuck: do not outlive the test */
	}
}

static void test_msg_queue_across_fork_stays_bounded(void **state)
{
	(void)state;
	queue = wf_queue_new("q", 8, WF_SHARED);
	assert_non_null(queue);
	wf_process p;
	assert_int_equal(wf_process_spawn(&p, "sender", put_many, NULL), 0);
	unsigned char buf[100];
	for (long i = 0; i < CROSS; i++) {
		size_t n = 0;
		int r = wf_queue_get_msg(queue, buf, sizeof buf, &n, PATIENCE);
		if (r != 0 || n != 1 + (size_t)(i % 100) || buf[n - 1] != (unsigned char)(i & 0xff)) {
			wf_process_terminate(&p);
			wf_process_join(&p);
			fail_msg("message %ld: get %d, %zu bytes, last %u", i, r, n, n ? buf[n - 1] : 0);
		}
	}
	assert_int_equal(wf_process_join(&p), 0);
	assert_true(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0);
	struct msgheap_stats s = msgheap_stats(&wf_arena->msgs);
	assert_int_equal(s.in_use, 0);
	assert_int_equal(s.allocs, CROSS);
	/* 8 queued plus one being put and one being read, 3 cells each */
	assert_true(s.peak <= 10 * 3);
}

static void test_msg_queue_events_pair_by_id(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 2, 0);
	assert_int_equal(wf_queue_put_str(q, "hello", 0), 0);
	assert_int_equal(wf_queue_put_int(q, -42, 0), 0);
	assert_int_equal(wf_queue_put_str(q, "full", 0), WF_EFULL);
	assert_int_equal(msgheap_stats(&wf_arena->msgs).in_use, 2); /* the refused one was freed */
	char s[16];
	long v;
	assert_int_equal(wf_queue_get_int(q, &v, 0), WF_ESTATE); /* "hello" is no int */
	assert_int_equal(wf_queue_get_int(q, &v, 0), 0);
	assert_int_equal(v, -42);
	assert_int_equal(wf_queue_get_str(q, s, sizeof s, 0), WF_EEMPTY);

	struct wf_ev ev[64];
	size_t n = ring_drain(&wf_arena->rings[0], ev, 64);
	uint16_t obj = queue_object(q);
	uint64_t sent[2] = {0}, got[2] = {0};
	size_t ns = 0, ng = 0;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].type == EV_MSG_SEND) {
			assert_int_equal(ev[i].obj, obj);
			assert_int_equal(ev[i - 1].type, EV_PUT);
			sent[ns++] = ev[i].a;
		}
		if (ev[i].type == EV_MSG_RECV) {
			assert_int_equal(ev[i - 1].type, EV_GET);
			got[ng++] = ev[i].a;
		}
	}
	assert_int_equal(ns, 2);
	assert_int_equal(ng, 2);
	assert_int_equal(sent[0], got[0]);
	assert_int_equal(sent[1], got[1]);
	assert_true(sent[0] != sent[1]);
	assert_int_equal(msgheap_stats(&wf_arena->msgs).in_use, 0);
}

static void test_msg_queue_full_heap_is_a_limit(void **state)
{
	(void)state;
	static unsigned char big[MSGHEAP_MAX_LEN];
	wf_queue *q = wf_queue_new("q", 1000, 0);
	int r = 0, n = 0;
	while ((r = wf_queue_put_msg(q, big, sizeof big, 0)) == 0)
		n++;
	assert_int_equal(r, WF_ENOMEM);
	assert_int_equal(n, MSGHEAP_CELLS / (MSGHEAP_MAX_LEN / MSGHEAP_CELL_DATA + 1));
	assert_int_equal(atomic_load(&wf_arena->ctl.limit_hit), LIMIT_MSGS);
	assert_int_equal(wf_queue_depth(q), (unsigned)n); /* the refused one never reached the queue */
}

static void test_msg_queue_too_long_is_no_limit(void **state)
{
	(void)state;
	static unsigned char big[WF_MSG_MAX + 1];
	wf_queue *q = wf_queue_new("q", 2, 0);
	assert_int_equal(wf_queue_put_msg(q, big, sizeof big, 0), WF_ENOMEM);
	assert_int_equal(atomic_load(&wf_arena->ctl.limit_hit), LIMIT_NONE);
	assert_int_equal(wf_queue_depth(q), 0);
}

static void test_msg_queue_short_buffer(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 2, 0);
	assert_int_equal(wf_queue_put_msg(q, "abcdef", 6, 0), 0);
	char b[4];
	size_t n;
	assert_int_equal(wf_queue_get_msg(q, b, 3, &n, 0), WF_ESHORT);
	assert_int_equal(n, 6);
	assert_memory_equal(b, "abc", 3);
	assert_int_equal(msgheap_stats(&wf_arena->msgs).in_use, 0);
}

/* ---- typed values -------------------------------------------------------- */

static void check_repr(const wf_msg *m, const char *want)
{
	char out[256];
	assert_false(m->overflow);
	assert_int_equal(wf_msg_repr(m->data, m->len, out, sizeof out), 0);
	assert_string_equal(out, want);
}

static void test_msg_values_repr_as_python(void **state)
{
	(void)state;
	wf_msg m;
	wf_msg_init(&m); /* [42, None, 'hello'] */
	wf_msg_list(&m, 3);
	wf_msg_int(&m, 42);
	wf_msg_none(&m);
	wf_msg_str(&m, "hello");
	check_repr(&m, "[42, None, 'hello']");

	wf_msg_init(&m); /* {1: '一', '二': 2, 0.25: None} */
	wf_msg_dict(&m, 3);
	wf_msg_int(&m, 1);
	wf_msg_str(&m, "一");
	wf_msg_str(&m, "二");
	wf_msg_int(&m, 2);
	wf_msg_float(&m, 0.25);
	wf_msg_none(&m);
	check_repr(&m, "{1: '一', '二': 2, 0.25: None}");

	/* python3 -c "print(repr(\"it's\"), repr('a\"b\\n'), 1e16, 1e15, 0.1, 1e-05, 2.0, [[]], {})" */
	wf_msg_init(&m);
	wf_msg_str(&m, "it's");
	wf_msg_str(&m, "a\"b\n");
	wf_msg_float(&m, 1e16);
	wf_msg_float(&m, 1e15);
	wf_msg_float(&m, 0.1);
	wf_msg_float(&m, 1e-05);
	wf_msg_float(&m, 2.0);
	wf_msg_list(&m, 1);
	wf_msg_list(&m, 0);
	wf_msg_dict(&m, 0);
	check_repr(&m, "\"it's\", 'a\"b\\n', 1e+16, 1000000000000000.0, 0.1, 1e-05, 2.0, [[]], {}");
}

static void test_msg_values_take_and_bad_bytes(void **state)
{
	(void)state;
	wf_msg m;
	wf_msg_init(&m);
	wf_msg_list(&m, 2);
	wf_msg_int(&m, 1);
	wf_msg_list(&m, 1);
	wf_msg_str(&m, "x");
	wf_msg_int(&m, 7);
	wf_msg_reader r;
	struct wf_val v;
	wf_msg_read(&r, m.data, m.len);
	assert_int_equal(wf_msg_take(&r, &v), WF_VAL_LIST);
	assert_int_equal(v.raw_len, m.len - 9); /* all but the trailing int */
	assert_int_equal(wf_msg_next(&r, &v), WF_VAL_INT);
	assert_int_equal(v.i, 7);
	assert_int_equal(wf_msg_next(&r, &v), WF_VAL_END);

	char out[64];
	for (size_t cut = 1; cut < m.len - 9; cut++) /* any truncation of the list is refused */
		assert_int_equal(wf_msg_repr(m.data, cut, out, sizeof out), WF_ESTATE);
	assert_int_equal(wf_msg_repr("?", 1, out, sizeof out), WF_ESTATE);

	wf_msg_init(&m);
	static char huge[WF_MSG_INLINE + 1];
	memset(huge, 'a', sizeof huge - 1);
	wf_msg_str(&m, huge);
	assert_true(m.overflow);
}

static void test_msg_word_for_results(void **state)
{
	(void)state;
	char out[64];
	wf_msg_word("{1: '一', '二': 2, 0.25: None}", out, sizeof out);
	assert_string_equal(out, "{1:'一','二':2,0.25:None}");
	wf_msg_word("hi son", out, sizeof out);
	assert_string_equal(out, "hi_son");
	wf_msg_word("abcdef", out, 4);
	assert_string_equal(out, "abc");
}

#define H(t) cmocka_unit_test_setup_teardown(t, heap_setup, heap_teardown)
#define A(t) cmocka_unit_test_setup_teardown(t, arena_setup, arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		H(test_msg_heap_round_trip_every_length),
		H(test_msg_heap_ids_count_up),
		H(test_msg_heap_free_list_reuses_cells),
		H(test_msg_heap_million_messages_stay_bounded),
		H(test_msg_heap_full_refuses),
		H(test_msg_heap_threads_share_the_free_list),
		A(test_msg_queue_across_fork_stays_bounded),
		A(test_msg_queue_events_pair_by_id),
		A(test_msg_queue_short_buffer),
		A(test_msg_queue_full_heap_is_a_limit),
		A(test_msg_queue_too_long_is_no_limit),
		cmocka_unit_test(test_msg_values_repr_as_python),
		cmocka_unit_test(test_msg_values_take_and_bad_bytes),
		cmocka_unit_test(test_msg_word_for_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
