/*
 * actor - a thread that owns a mailbox and does nothing but read it.
 *
 * Python: the notes' Actor class (a queue.Queue mailbox, send() puts,
 * recv() gets and raises ActorExit on the exit message, close() sends that
 * message, join() waits on an Event the thread sets as it ends) and its
 * PrintActor subclass, sent 'Hello' and 'World', then closed and joined.
 *
 * Invariants: the mailbox carries pointers to constant strings; the exit
 * message is one distinct pointer (`actor_exit`), compared by identity as
 * Python's `msg is ActorExit` does.  Only the actor thread reads the
 * mailbox.  `terminated` is set once, by the actor, whatever ended run().
 */
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

static const char actor_exit[] = "ActorExit"; /* the exit message, by identity */

static wf_queue *mailbox;
static wf_event *terminated;
static char order[32];   /* the messages printed, comma-separated; actor only */
static int got;
static double work;      /* lesson seconds the actor spends per message */

static int send(const char *msg)
{
	return wf_queue_put(mailbox, (uint64_t)(uintptr_t)msg, WF_FOREVER);
}

/* recv(): the next message; false when it is the exit message. */
static bool recv(const char **msg)
{
	uint64_t item;
	wf_queue_get(mailbox, &item, WF_FOREVER);
	*msg = (const char *)(uintptr_t)item;
	return *msg != actor_exit;
}

/* PrintActor.run(): prints every message until recv() raises ActorExit. */
static void print_actor_run(void)
{
	const char *msg;
	while (recv(&msg)) {
		if (work > 0)
			wf_sleep(work);
		wf_print("Got: %s", msg);
		got++;
		size_t n = strlen(order);
		snprintf(order + n, sizeof order - n, "%s%s", n ? "," : "", msg);
	}
	wf_print("recv() took the exit message: ActorExit ends run()");
}

/* _bootstrap(): run(), then say the actor has ended, however it ended. */
static void bootstrap(void *arg)
{
	(void)arg;
	print_actor_run();
	wf_event_set(terminated);
}

static void run(void)
{
	work = (double)wf_param_int("work_ms") / 1000.0;
	mailbox = wf_queue_new("mailbox", 64, 0);
	terminated = wf_event_new("_terminated", 0);
	if (!mailbox || !terminated) {
		wf_print("no room for the mailbox");
		return;
	}
	got = 0;
	order[0] = '\0';
	wf_thread t;
	wf_thread_spawn(&t, "actor", bootstrap, NULL); /* the PrintActor's thread */
	unsigned peak = 0;
	static const char *const words[] = {"Hello", "World"};
	for (size_t i = 0; i < 2; i++) {
		send(words[i]);
		unsigned depth = wf_queue_depth(mailbox);
		peak = depth > peak ? depth : peak;
		wf_print("send('%s'): mailbox depth %u", words[i], depth);
	}
	send(actor_exit);
	unsigned depth = wf_queue_depth(mailbox);
	peak = depth > peak ? depth : peak;
	wf_print("close(): sent the exit message, mailbox depth %u", depth);
	double t0 = wf_now();
	wf_event_wait(terminated, WF_FOREVER);
	wf_print("join(): returned after %.2f s", wf_now() - t0);
	wf_thread_join(&t);
	wf_result("got=%d order=%s left=%u peak_depth=%u joined=yes", got, order,
		  wf_queue_depth(mailbox), peak);
}

static const struct wf_param params[] = {
	{"work_ms", NULL, "0", 0, 5000, "milliseconds the actor spends on each message"},
};

const struct wf_lesson lesson_actor = {
	.id = "actor",
	.track = "threads",
	.title_en = "An actor: a thread with a mailbox",
	.title_zh = "Actor：带邮箱的线程",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
