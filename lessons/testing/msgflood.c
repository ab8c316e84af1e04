/*
 * test-msgflood - a lesson that sends messages no one receives (a hidden
 * test lesson): a child process puts 4 KiB payloads on a queue nobody gets
 * from, until the arena's message heap is full.  The put that finds it full
 * fails with WF_ENOMEM and the lesson is stopped: "stopped: too many
 * messages in flight (... KiB of messages)".  With drain=on the parent
 * gets every message as it comes, and a million bytes go through without
 * a refusal.
 */
#include <string.h>

#include "lesson.h"
#include "weft.h"

#define PAYLOAD 4096

static wf_queue *queue;

static void flood(void *arg)
{
	(void)arg;
	static unsigned char buf[PAYLOAD];
	long n = wf_param_int("messages");
	for (long i = 0; i < n; i++) {
		memset(buf, (int)i, sizeof buf);
		if (wf_queue_put_msg(queue, buf, sizeof buf, WF_FOREVER) != 0) {
			wf_print("put %ld refused", i);
			return;
		}
	}
}

static void run(void)
{
	bool drain = wf_param_is("drain", "on");
	queue = wf_queue_new("flood", drain ? 4 : 100000, WF_SHARED);
	if (!queue)
		return;
	wf_process p;
	wf_process_spawn(&p, "sender", flood, NULL);
	long got = 0;
	static unsigned char buf[PAYLOAD];
	for (long i = 0; drain && i < wf_param_int("messages"); i++)
		if (wf_queue_get_msg(queue, buf, sizeof buf, NULL, WF_FOREVER) == 0)
			got++;
	wf_process_join(&p);
	wf_result("received=%ld", got);
}

static const struct wf_param params[] = {
	{"messages", NULL, "2000", 1, 100000, "4 KiB messages to send"},
	{"drain", "on|off", "off", 0, 0, "on: the parent receives them as they come"},
};

const struct wf_lesson lesson_test_msgflood = {
	.id = "test-msgflood",
	.track = "testing",
	.title_en = "Test: flood the message heap",
	.title_zh = "测试：塞满消息堆",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
