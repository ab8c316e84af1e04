/*
 * pipe - a parent and a child process talk over a duplex pipe.
 *
 * Python: a, b = multiprocessing.Pipe(); conn.send(obj), conn.recv(),
 * conn.close(), EOFError.  The course's demo (000 §7): the child sends
 * [42, None, 'hello'] and waits on recv; the parent receives it, prints it
 * and replies 'Hi', which the child prints.  004's version sends
 * 'hello world' and replies 'hi son' (--set version=004).  Each side
 * "thinks" `think` seconds before it sends, so the other side is seen
 * blocked in recv meanwhile (the notes' demo sends at once: think=0).
 * Afterwards the child closes its end and the parent's next recv reports
 * EOF, as Python's EOFError.
 */
#include <string.h>

#include "lesson.h"
#include "weft.h"

struct talk {
	double recv_wait[2]; /* lesson seconds each side spent in recv: parent, child */
	char child_got[64];
	int child_rc;
};

static wf_conn *parent_end, *child_end;
static struct talk *talk;

/* What the child sends: 000's list or 004's string. */
static void first_message(wf_msg *m)
{
	wf_msg_init(m);
	if (wf_param_is("version", "004")) {
		wf_msg_str(m, "hello world");
		return;
	}
	wf_msg_list(m, 3);
	wf_msg_int(m, 42);
	wf_msg_none(m);
	wf_msg_str(m, "hello");
}

static void child(void *arg)
{
	(void)arg;
	wf_msg m;
	first_message(&m);
	wf_sleep((double)wf_param_int("think"));
	wf_conn_send_msg(child_end, &m);
	double t0 = wf_now();
	talk->child_rc = wf_conn_recv_msg(child_end, &m); /* blocks until the parent replies */
	talk->recv_wait[1] = wf_now() - t0;
	wf_msg_text(m.data, m.len, talk->child_got, sizeof talk->child_got);
	wf_print("child: got %s", talk->child_got);
	wf_conn_close(child_end);
}

static void run(void)
{
	talk = wf_shared_alloc(sizeof *talk);
	if (!talk || wf_pipe_new("pipe", &parent_end, &child_end) != 0) {
		wf_print("out of shared memory");
		return;
	}
	wf_process p;
	wf_process_spawn(&p, "child", child, NULL);

	wf_msg m;
	char text[128];
	double t0 = wf_now();
	int rc = wf_conn_recv_msg(parent_end, &m); /* blocks until the child sends */
	talk->recv_wait[0] = wf_now() - t0;
	char text_first[128];
	wf_msg_text(m.data, m.len, text_first, sizeof text_first);
	wf_print("parent: got %s", rc == 0 ? text_first : "nothing");
	wf_sleep((double)wf_param_int("think"));
	wf_conn_send_str(parent_end, wf_param_is("version", "004") ? "hi son" : "Hi");
	wf_process_join(&p);

	/* The child closed its end on its way out: nothing is left to read. */
	size_t n;
	int eof = wf_conn_recv(parent_end, text, sizeof text, &n);
	wf_print("parent: recv after the child closed its end: %s",
		 eof == WF_EEOF ? "EOFError" : "a message");
	wf_conn_close(parent_end);
	char got[2][64];
	wf_msg_word(rc == 0 ? text_first : "none", got[0], sizeof got[0]);
	wf_msg_word(talk->child_got, got[1], sizeof got[1]);
	wf_result("parent_got=%s child_got=%s eof=%s parent_wait_s=%.2f child_wait_s=%.2f", got[0], got[1],
		  eof == WF_EEOF ? "yes" : "no", talk->recv_wait[0], talk->recv_wait[1]);
}

static const struct wf_param params[] = {
	{"version", "000|004", "000", 0, 0, "000: [42, None, 'hello'] and 'Hi'; 004: 'hello world' and 'hi son'"},
	{"think", NULL, "1", 0, 10, "seconds each side waits before it sends (0: the notes' timing)"},
};

const struct wf_lesson lesson_pipe = {
	.id = "pipe",
	.track = "processes",
	.title_en = "A duplex pipe between two processes",
	.title_zh = "两个进程之间的双向管道",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
