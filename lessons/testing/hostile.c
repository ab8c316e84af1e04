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
 *
 * test-grouphog: `procs` processes each touch `mb` MiB of their own, and main
 * first touches a `shared` MiB MAP_SHARED mapping (which RLIMIT_DATA does
 * not count); then all sleep.  Each alone is under --limit mem; together
 * they are past it, and the sentry's watch must stop them.  If nothing
 * stops them, main says so: "result: limited=no".
 *
 * test-bareforks: main forks `n` bare processes (fork(), not
 * wf_process_spawn: no budget counts them) that pause; the group's process
 * count must stop the lesson, for root too.
 */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
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

static _Atomic int *hog_up; /* processes done touching their memory (shared) */

static char *volatile kept; /* so the compiler cannot drop the memory unused */

/* Touches mb MiB of private memory; false when malloc refused it. */
static bool touch(size_t mb)
{
	char *p = malloc(mb << 20);
	if (p)
		memset(p, 1, mb << 20);
	kept = p;
	return p || !mb;
}

static void hog(void *arg)
{
	(void)arg;
	if (!touch((size_t)wf_param_int("mb")))
		wf_print("malloc(%ld MiB) failed", wf_param_int("mb"));
	atomic_fetch_add(hog_up, 1);
	for (;;)
		wf_sleep(3600);
}

static void run_grouphog(void)
{
	hog_up = wf_shared_alloc(sizeof *hog_up);
	long shared = wf_param_int("shared"), n = wf_param_int("procs");
	if (shared) {
		char *m = mmap(NULL, (size_t)shared << 20, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (m != MAP_FAILED)
			memset(m, 1, (size_t)shared << 20);
		wf_print("touched %ld MiB of shared memory", shared);
	}
	static wf_process p[64];
	for (long i = 0; i < n; i++)
		wf_process_spawn(&p[i], "hog", hog, NULL);
	while (atomic_load(hog_up) < n)
		wf_sleep(0.05);
	wf_print("%ld processes hold %ld MiB each", n, wf_param_int("mb"));
	wf_sleep(2); /* the watch looks every 0.1 s */
	wf_result("limited=no");
	for (long i = 0; i < n; i++)
		wf_process_terminate(&p[i]);
}

static void run_bareforks(void)
{
	long n = wf_param_int("n");
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			pause();
			_exit(0);
		}
		if (p < 0)
			break;
	}
	wf_print("%ld bare processes forked", n);
	wf_sleep(2);
	wf_result("limited=no");
	kill(0, SIGKILL);
}

static const struct wf_param grouphog_params[] = {
	{"procs", NULL, "16", 0, 64, "processes that each touch mb MiB"},
	{"mb", NULL, "256", 0, 4096, "MiB each process touches"},
	{"shared", NULL, "0", 0, 8192, "MiB of MAP_SHARED memory main touches first"},
};

static const struct wf_param bareforks_params[] = {
	{"n", NULL, "500", 1, 2000, "bare fork()s"},
};

const struct wf_lesson lesson_test_grouphog = {
	.id = "test-grouphog",
	.track = "testing",
	.title_en = "Test: processes whose memory together is too much",
	.title_zh = "测试：合起来内存过多的进程",
	.params = grouphog_params,
	.nparams = sizeof grouphog_params / sizeof *grouphog_params,
	.run = run_grouphog,
};

const struct wf_lesson lesson_test_bareforks = {
	.id = "test-bareforks",
	.track = "testing",
	.title_en = "Test: bare fork()s past the process limit",
	.title_zh = "测试：超出进程上限的裸 fork()",
	.params = bareforks_params,
	.nparams = sizeof bareforks_params / sizeof *bareforks_params,
	.run = run_bareforks,
};

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
