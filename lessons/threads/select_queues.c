/*
 * select-queues - one consumer thread waits on three queues at once.
 *
 * Python: the notes' PollableQueue, a queue.Queue with a socket pair; put()
 * also writes one byte, get() reads one byte first, and fileno() hands the
 * reading end to select(), so one consumer can wait on q1, q2 and q3
 * together.  The notes put 1 on q1, 10 on q2, 'hello' on q3, 15 on q2.
 *
 * Here each queue is a wf_queue with an eventfd in semaphore mode (one
 * count per item: a write adds one, a read takes one, as the byte does);
 * the consumer waits in poll(2) (wf_fd_poll, so its lane shows the wait)
 * on the three and on a fourth eventfd with which main tells it to stop.  Each queue has a producer thread of its
 * own; they put in the notes' order, gap_ms apart.
 *
 * Invariants: an eventfd's count equals its queue's depth between a put
 * and a get (put adds the item, then the count; get takes the count, then
 * the item), so a readable fd always has an item behind it.  The consumer
 * stops only when the stop fd is readable and no queue is: every item put
 * before main said stop is taken.  Every fd is closed before run() returns.
 */
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define NQ 3
#define ITEMS 4

struct pollable {
	const char *name;
	wf_queue *q;
	int fd; /* eventfd, EFD_SEMAPHORE: its count is the queue's depth */
};

static struct pollable queues[NQ];
static int stop_fd = -1;
static wf_fd *waiting; /* where the consumer's poll shows on its lane */
static double gap;

/* Which queue, what, and when (in gaps): the notes' four puts. */
static const struct put {
	int queue;
	const char *item;
} schedule[ITEMS] = {{0, "1"}, {1, "10"}, {2, "hello"}, {1, "15"}};

static char got_order[64], woke_order[64]; /* consumer only */
static int got;

static void pq_put(struct pollable *p, const char *item)
{
	wf_queue_put(p->q, (uint64_t)(uintptr_t)item, WF_FOREVER);
	uint64_t one = 1;
	if (write(p->fd, &one, sizeof one) != (ssize_t)sizeof one)
		wf_print("%s: eventfd write failed", p->name);
}

static const char *pq_get(struct pollable *p)
{
	uint64_t one, item = 0;
	if (read(p->fd, &one, sizeof one) != (ssize_t)sizeof one)
		return NULL;
	wf_queue_get(p->q, &item, WF_FOREVER);
	return (const char *)(uintptr_t)item;
}

static void add(char *list, size_t size, const char *word)
{
	size_t n = strlen(list);
	snprintf(list + n, size - n, "%s%s", n ? "," : "", word);
}

static void consumer(void *arg)
{
	(void)arg;
	struct pollfd pfd[NQ + 1];
	for (int i = 0; i < NQ; i++)
		pfd[i] = (struct pollfd){.fd = queues[i].fd, .events = POLLIN};
	pfd[NQ] = (struct pollfd){.fd = stop_fd, .events = POLLIN};
	for (;;) {
		if (wf_fd_poll(waiting, pfd, NQ + 1, WF_FOREVER) < 0)
			continue;
		char ready[32] = "";
		for (int i = 0; i < NQ; i++)
			if (pfd[i].revents & POLLIN)
				add(ready, sizeof ready, queues[i].name);
		if (!ready[0] && (pfd[NQ].revents & POLLIN)) {
			wf_print("consumer: poll() woke for stop, every queue is empty: done");
			return;
		}
		wf_print("consumer: poll() woke, readable: %s", ready);
		for (int i = 0; i < NQ; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			const char *item = pq_get(&queues[i]);
			if (!item)
				continue;
			wf_print("Got: %s  (from %s)", item, queues[i].name);
			got++;
			add(got_order, sizeof got_order, item);
			add(woke_order, sizeof woke_order, queues[i].name);
		}
	}
}

/* Producer of queue `arg`: its puts of the notes' four, each at its slot. */
static void producer(void *arg)
{
	int mine = (int)(intptr_t)arg;
	double start = wf_now();
	for (int k = 0; k < ITEMS; k++) {
		if (schedule[k].queue != mine)
			continue;
		double due = start + gap * (k + 1);
		if (due > wf_now())
			wf_sleep(due - wf_now());
		wf_print("%s.put(%s)", queues[mine].name, schedule[k].item);
		pq_put(&queues[mine], schedule[k].item);
	}
}

static void run(void)
{
	gap = (double)wf_param_int("gap_ms") / 1000.0;
	got = 0;
	got_order[0] = woke_order[0] = '\0';
	int fds_before = wf_fd_count();
	static const char *const names[NQ] = {"q1", "q2", "q3"};
	int made = 0;
	for (; made < NQ; made++) {
		struct pollable *p = &queues[made];
		p->name = names[made];
		p->q = wf_queue_new(p->name, 16, 0);
		p->fd = eventfd(0, EFD_SEMAPHORE | EFD_CLOEXEC);
		if (!p->q || p->fd < 0)
			break;
	}
	stop_fd = eventfd(0, EFD_CLOEXEC);
	waiting = wf_fd_new("poll q1 q2 q3");
	if (made < NQ || stop_fd < 0 || !waiting) {
		wf_print("could not make the pollable queues");
	} else {
		wf_thread c, p[NQ];
		wf_thread_spawn(&c, "consumer", consumer, NULL);
		for (int i = 0; i < NQ; i++) {
			char name[16];
			snprintf(name, sizeof name, "prod-%s", names[i]);
			wf_thread_spawn(&p[i], name, producer, (void *)(intptr_t)i);
		}
		for (int i = 0; i < NQ; i++)
			wf_thread_join(&p[i]);
		wf_print("main: producers done, telling the consumer to stop");
		uint64_t one = 1;
		if (write(stop_fd, &one, sizeof one) != (ssize_t)sizeof one)
			wf_print("main: could not tell the consumer to stop");
		wf_thread_join(&c);
	}
	for (int i = 0; i < NQ && i <= made; i++)
		if (queues[i].fd >= 0)
			close(queues[i].fd);
	if (stop_fd >= 0)
		close(stop_fd);
	int fds_after = wf_fd_count();
	wf_result("got=%d order=%s woke=%s fds_before=%d fds_after=%d", got, got_order, woke_order,
		  fds_before, fds_after);
}

static const struct wf_param params[] = {
	{"gap_ms", NULL, "500", 0, 5000, "milliseconds between one put and the next (0: all at once)"},
};

const struct wf_lesson lesson_select_queues = {
	.id = "select-queues",
	.track = "threads",
	.title_en = "Polling several queues at once",
	.title_zh = "同时轮询多个队列",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
