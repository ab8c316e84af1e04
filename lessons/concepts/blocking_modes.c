/*
 * blocking-modes - one slow bank counter, asked four ways at once.
 *
 * The notes (001, 003) explain sync/async and blocking/non-blocking with a
 * bank: queue and watch the counter (sync) or take a number and be called
 * (async); do nothing while waiting (blocking) or read a book meanwhile
 * (non-blocking).  Here a "counter" thread takes four requests from its
 * queue, serves for `service` seconds, then answers each customer on that
 * customer's own channel.  The four customers, each a thread (lane) of its
 * own, started together so the four ways sit side by side:
 *
 *  SyncBlk   sync + blocking:  recv on its pipe end, BLOCKED until the answer;
 *  SyncNB    sync + non-blocking: an O_NONBLOCK OS pipe, read between pages
 *            of other work; every EAGAIN is a useless poll, counted;
 *  AsyncBlk  async + blocking: a callback registered with its event loop
 *            (add_reader), then nothing but waiting in the loop;
 *  AsyncNB   async + non-blocking: the same callback, while the loop also
 *            runs the customer's work, page by page; the callback fires
 *            between two pages.
 *
 * "Work" is arithmetic for a quarter of a lesson second a page, so the lane
 * is RUNNING while it works (it follows --speed, unlike real CPU work).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define PAGE_S 0.25 /* one page of "other work", lesson seconds */

enum { SYNC_BLK, SYNC_NB, ASYNC_BLK, ASYNC_NB, MODES };

static const char *const names[MODES] = {"SyncBlk", "SyncNB", "AsyncBlk", "AsyncNB"};

struct customer {
	int mode;
	int fd[2];            /* OS pipe: the counter writes [1], the customer reads [0] */
	wf_conn *mine, *counters; /* SyncBlk's pipe ends */
	double asked, answered; /* lesson seconds */
	int polls, pages;
	int answer;
	wf_loop *loop;
	wf_future *done;
};

static struct customer cust[MODES];
static wf_queue *requests;
static double service_s;

/* One page of other work: busy for PAGE_S lesson seconds. */
static void read_page(void)
{
	volatile unsigned long x = 1;
	double end = wf_now() + PAGE_S;
	while (wf_now() < end)
		for (int i = 0; i < 20000; i++)
			x = x * 2862933555777941757ul + 3037000493ul;
}

static void counter(void *arg)
{
	(void)arg;
	uint64_t who[MODES];
	for (int i = 0; i < MODES; i++)
		wf_queue_get(requests, &who[i], WF_FOREVER);
	wf_print("serving all four, %.0f s", service_s);
	wf_sleep(service_s);
	for (int i = 0; i < MODES; i++) {
		struct customer *c = &cust[who[i]];
		int number = 101 + (int)who[i];
		if (c->mode == SYNC_BLK) {
			wf_conn_send(c->counters, &number, sizeof number);
		} else if (write(c->fd[1], &number, sizeof number) != (ssize_t)sizeof number) {
			wf_print("could not answer %s", names[c->mode]);
		}
	}
	wf_print("answered everyone");
}

/* The callback an async customer registers: the counter calls its number. */
static void called(void *arg)
{
	struct customer *c = arg;
	if (read(c->fd[0], &c->answer, sizeof c->answer) != (ssize_t)sizeof c->answer)
		return;
	wf_loop_remove_reader(c->loop, c->fd[0]);
	c->answered = wf_now();
	wf_print("callback: number %d is called%s", c->answer,
		 c->mode == ASYNC_NB ? ", between two pages" : "");
	wf_future_set_result(c->done, 0);
}

/* AsyncNB's work: a page a callback, until the answer has come. */
static void work_page(void *arg)
{
	struct customer *c = arg;
	if (wf_future_done(c->done))
		return;
	read_page();
	c->pages++;
	wf_call_soon(c->loop, "read a page", work_page, c);
}

static void customer(void *arg)
{
	struct customer *c = arg;
	c->asked = wf_now();
	wf_queue_put(requests, (uint64_t)c->mode, WF_FOREVER);
	switch (c->mode) {
	case SYNC_BLK:
		wf_print("waiting at the counter, doing nothing else");
		wf_conn_recv(c->mine, &c->answer, sizeof c->answer, NULL);
		c->answered = wf_now();
		break;
	case SYNC_NB:
		wf_print("reading a book, looking up at the counter after each page");
		fcntl(c->fd[0], F_SETFL, fcntl(c->fd[0], F_GETFL) | O_NONBLOCK);
		while (read(c->fd[0], &c->answer, sizeof c->answer) != (ssize_t)sizeof c->answer) {
			if (errno != EAGAIN)
				return;
			c->polls++; /* looked up: not yet */
			read_page();
			c->pages++;
		}
		c->answered = wf_now();
		break;
	case ASYNC_BLK:
	case ASYNC_NB:
		c->loop = wf_loop_new("loop");
		c->done = wf_future_new(c->loop, "answer");
		wf_loop_add_reader(c->loop, c->fd[0], "number called", called, c);
		if (c->mode == ASYNC_BLK) {
			wf_print("took a number; now only waiting to be called");
		} else {
			wf_print("took a number; reading a book until called");
			wf_call_soon(c->loop, "read a page", work_page, c);
		}
		wf_loop_run_until_complete(c->loop, c->done, NULL);
		wf_loop_free(c->loop);
		break;
	}
	wf_print("got number %d after %.2f s; %d useless polls, %d pages read", c->answer,
		 c->answered - c->asked, c->polls, c->pages);
}

static void run(void)
{
	service_s = (double)wf_param_int("service");
	requests = wf_queue_new("counter queue", MODES, 0);
	wf_print("one counter, %.0f s a customer; four customers ask it four ways", service_s);
	for (int i = 0; i < MODES; i++) {
		cust[i] = (struct customer){.mode = i};
		if (i == SYNC_BLK)
			wf_pipe_new("counter 1", &cust[i].mine, &cust[i].counters);
		else if (pipe(cust[i].fd) < 0)
			return;
	}
	wf_thread t[MODES + 1];
	wf_thread_spawn(&t[MODES], "counter", counter, NULL);
	for (int i = 0; i < MODES; i++)
		wf_thread_spawn(&t[i], names[i], customer, &cust[i]);
	for (int i = 0; i <= MODES; i++)
		wf_thread_join(&t[i]);
	for (int i = 0; i < MODES; i++)
		wf_result("%s_s=%.2f %s_pages=%d", names[i], cust[i].answered - cust[i].asked, names[i],
			  cust[i].pages);
	wf_result("polls=%d", cust[SYNC_NB].polls);
	for (int i = 1; i < MODES; i++) {
		close(cust[i].fd[0]);
		close(cust[i].fd[1]);
	}
}

static const struct wf_param params[] = {
	{"service", NULL, "3", 1, 10, "seconds the counter takes before it answers"},
};

const struct wf_lesson lesson_blocking_modes = {
	.id = "blocking-modes",
	.track = "concepts",
	.title_en = "Sync or async, blocking or not: four ways to wait",
	.title_zh = "同步还是异步，阻塞还是非阻塞：四种等待方式",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
