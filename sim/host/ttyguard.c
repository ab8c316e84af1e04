/*
 * ttyguard.c - see ttyguard.h.
 *
 * The state lives in one MAP_SHARED page so that a disarm by the UI after
 * a host was forked is seen by that host's sentry.  The descriptor is a
 * duplicate made at arming time; it stays open in the UI for its lifetime.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ttyguard.h"

struct guard {
	_Atomic int armed;
	int fd;
	struct termios saved;
	size_t seq_len;
	char seq[512];
};

static struct guard *g;

int ttyguard_arm(int fd, const struct termios *saved, const char *seq)
{
	if (!g) {
		void *p = mmap(NULL, sizeof *g, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return -1;
		g = p;
		g->fd = -1;
	}
	atomic_store(&g->armed, 0);
	if (g->fd < 0)
		g->fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (g->fd < 0)
		return -1;
	g->saved = *saved;
	size_t n = strlen(seq);
	g->seq_len = n < sizeof g->seq ? n : sizeof g->seq;
	memcpy(g->seq, seq, g->seq_len);
	atomic_store(&g->armed, 1);
	return 0;
}

void ttyguard_disarm(void)
{
	if (g)
		atomic_store(&g->armed, 0);
}

int ttyguard_fd(void)
{
	return g ? g->fd : -1;
}

void ttyguard_fire(void)
{
	if (!g || !atomic_exchange(&g->armed, 0))
		return;
	tcsetattr(g->fd, TCSANOW, &g->saved);
	for (size_t at = 0; at < g->seq_len;) {
		ssize_t n = write(g->fd, g->seq + at, g->seq_len - at);
		if (n <= 0)
			break;
		at += (size_t)n;
	}
}
