/*
 * test-fds, test-waitall - lessons that misbehave toward their host (hidden
 * test lessons, issue 18).
 *
 * test-fds: main, and a process it spawns, look at every descriptor number
 * from 3 to 1023 and write one byte to each (a write to a closed number
 * fails with EBADF and harms nothing).  A lesson must inherit no descriptor
 * of the UI's: were the UI's signal pipe open, the byte would stop Weft;
 * were its trace open, the recording would be corrupted.  The result line
 * says how many were open in each process and which.
 *
 * test-waitall: main forks `children` bare processes that end at once,
 * then wait()s until ECHILD, as os.wait() in a loop does.  It must end, with
 * exactly its own children reaped: no process of Weft's is the host's child.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include "lesson.h"
#include "weft.h"

#define FD_TOP 1024

static int *child_open; /* the spawned process's count (shared) */

/* Writes one byte to every number from 3 up; returns how many were open,
 * their numbers in `which` (comma-separated, "-" when none). */
static int poke_all(char *which, size_t size)
{
	int open_fds = 0;
	snprintf(which, size, "-");
	size_t at = 0;
	for (int fd = 3; fd < FD_TOP; fd++) {
		if (fcntl(fd, F_GETFD) < 0)
			continue;
		open_fds++;
		if (at + 12 < size)
			at += (size_t)snprintf(which + at, size - at, "%s%d", at ? "," : "", fd);
	}
	for (int fd = 3; fd < FD_TOP; fd++)
		if (write(fd, "x", 1) < 0) {
			/* closed, or not writable: nothing reached anyone */
		}
	return open_fds;
}

static void child(void *arg)
{
	(void)arg;
	char which[128];
	*child_open = poke_all(which, sizeof which);
	wf_print("child: %d descriptors open beyond 0-2: %s", *child_open, which);
}

static void run_fds(void)
{
	child_open = wf_shared_alloc(sizeof *child_open);
	char which[128];
	int n = poke_all(which, sizeof which);
	wf_print("main: %d descriptors open beyond 0-2: %s", n, which);
	wf_process p;
	wf_process_spawn(&p, "child", child, NULL);
	wf_process_join(&p);
	wf_sleep(0.2); /* had a byte reached the UI's pipe, it would be stopped by now */
	wf_result("main_open=%d child_open=%d main_fds=%s", n, *child_open, which);
}

static void run_waitall(void)
{
	long n = wf_param_int("children");
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit((int)i);
	}
	long reaped = 0;
	int status;
	while (wait(&status) > 0)
		reaped++;
	int e = errno;
	wf_print("wait() until %s: %ld children reaped", e == ECHILD ? "ECHILD" : strerror(e), reaped);
	wf_result("forked=%ld reaped=%ld end=%s", n, reaped, e == ECHILD ? "ECHILD" : "other");
}

static const struct wf_param waitall_params[] = {
	{"children", NULL, "3", 0, 32, "bare fork()s before the wait loop"},
};

const struct wf_lesson lesson_test_fds = {
	.id = "test-fds",
	.track = "testing",
	.title_en = "Test: a lesson writes to every descriptor number",
	.title_zh = "测试：课程向每个描述符写入",
	.run = run_fds,
};

const struct wf_lesson lesson_test_waitall = {
	.id = "test-waitall",
	.track = "testing",
	.title_en = "Test: a lesson waits for children until ECHILD",
	.title_zh = "测试：课程等待子进程直到 ECHILD",
	.params = waitall_params,
	.nparams = sizeof waitall_params / sizeof *waitall_params,
	.run = run_waitall,
};
