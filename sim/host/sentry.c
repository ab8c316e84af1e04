/*
 * sentry.c - see sentry.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "host.h"
#include "runlimits.h"
#include "sentry.h"
#include "ttyguard.h"

/* Reads exactly n bytes; 0 at end-of-file first, 1 when read. */
static int read_all(int fd, void *buf, size_t n)
{
	for (size_t at = 0; at < n;) {
		ssize_t r = read(fd, (char *)buf + at, n - at);
		if (r == 0 || (r < 0 && errno != EINTR))
			return 0;
		if (r > 0)
			at += (size_t)r;
	}
	return 1;
}

/* Until the pipe reads end-of-file: every LIMITS_WATCH_MS, the group's
 * limits; past one, the reason into the arena and SIGKILL to the group. */
static void watch(int watch_rd, pid_t group, struct arena *a)
{
	for (;;) {
		struct pollfd p = {watch_rd, POLLIN, 0};
		int n = poll(&p, 1, LIMITS_WATCH_MS);
		if (n > 0) {
			char b;
			ssize_t r = read(watch_rd, &b, 1);
			if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
				return; /* the UI is gone */
			continue;   /* the UI writes nothing more; any byte is ignored */
		}
		if (n < 0 && errno != EINTR)
			return;
		enum limit_kind why = n == 0 ? limits_watch(group, NULL, NULL) : LIMIT_NONE;
		if (why != LIMIT_NONE) {
			uint32_t none = LIMIT_NONE;
			atomic_compare_exchange_strong(&a->ctl.limit_hit, &none, (uint32_t)why);
			kill(-group, SIGKILL);
		}
	}
}

pid_t sentry_start(int watch_rd, int watch_wr, struct arena *a)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	/* A lesson may signal its own group, or the UI's (kill(0, ...) from a
	 * process that left it): only SIGKILL ends the sentry. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			signal(sig, SIG_IGN);
	/* The sentry: nothing of the UI's descriptors but its pipe and the
	 * terminal it may have to put back. */
	close(watch_wr);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	host_close_fds(watch_rd, ttyguard_fd());
	pid_t group;
	if (!read_all(watch_rd, &group, sizeof group) || group <= 0)
		_exit(0); /* the UI died before the host was forked, or gave up */
	watch(watch_rd, group, a);
	ttyguard_fire();
	kill(-group, SIGKILL);
	_exit(0);
}

void sentry_watch(int watch_wr, pid_t group)
{
	ssize_t n;
	while ((n = write(watch_wr, &group, sizeof group)) < 0 && errno == EINTR)
		;
}
