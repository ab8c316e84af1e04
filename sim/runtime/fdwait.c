/*
 * fdwait.c - wf_fd: poll(2) shown as a wait on a named object (weft_fd.h).
 *
 * A wf_fd is an object of kind OBJ_FD (objkind.h: a condition's shape, its
 * waits counted).  wf_fd_poll first passes a step point, then polls once
 * without waiting; only when nothing is ready does it emit EV_WAIT, count
 * itself blocked for stepping (gate_block, or gate_sleep until its
 * deadline), wait, and emit EV_WAKE (a = 1 when the timeout ran out).  No
 * other actor wakes it (the kernel does), so it marks itself running again
 * (gate_unblocked).  A wait with no limit is one poll(-1); a timed one
 * polls in slices of at most 10 ms real so that its deadline is met in
 * lesson time whatever the speed does.
 *
 * wf_fd_count and wf_fd_listening read /proc: what the kernel says this
 * process holds, so a lesson's "nothing leaked" line is measured.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "weft.h"

#define FDWAIT_SLICE_MS 10

struct wf_fd {
	uint16_t id;
};

wf_fd *wf_fd_new(const char *name)
{
	wf_fd *w = arena_alloc(wf_arena, sizeof *w);
	if (!w)
		return NULL;
	w->id = object_register(name, OBJ_FD, 0);
	return w->id == WF_NONE ? NULL : w;
}

static int poll_once(struct pollfd *fds, unsigned n, int ms)
{
	int r;
	do
		r = poll(fds, n, ms);
	while (r < 0 && errno == EINTR && ms == 0);
	return r;
}

int wf_fd_poll(wf_fd *w, struct pollfd *fds, unsigned n, double timeout)
{
	gate_step(EV_STEP, w->id, NULL, wf_line);
	int r = poll_once(fds, n, 0);
	if (r != 0)
		return r > 0 ? r : WF_ESYS;
	if (timeout == 0)
		return WF_ETIMEDOUT;
	int64_t deadline = lessontime_deadline(timeout);
	emit(EV_WAIT, w->id, 0, 0);
	arena_count_add(wf_arena, w->id, CNT_WAITS, 1);
	if (deadline == LESSONTIME_FOREVER)
		gate_block();
	else
		gate_sleep(deadline);
	for (;;) {
		bool timed = deadline != LESSONTIME_FOREVER;
		if (timed && lessontime_now() >= deadline) {
			r = 0;
			break;
		}
		r = poll(fds, n, timed ? FDWAIT_SLICE_MS : -1);
		if (r > 0 || (r < 0 && errno != EINTR))
			break;
	}
	gate_unblocked();
	emit(EV_WAKE, w->id, r == 0, 0);
	return r > 0 ? r : r == 0 ? WF_ETIMEDOUT : WF_ESYS;
}

int wf_fd_wait(wf_fd *w, int fd, short events, double timeout)
{
	struct pollfd p = {.fd = fd, .events = events};
	return wf_fd_poll(w, &p, 1, timeout);
}

int wf_fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			n++;
	closedir(d);
	return n;
}

/* Adds the sockets of one /proc/net table listening on port (state 0A). */
static int listening_in(const char *table, unsigned port)
{
	FILE *f = fopen(table, "re");
	if (!f)
		return -1;
	char line[256];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		unsigned p, state;
		if (sscanf(line, " %*d: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x", &p, &state) == 2 &&
		    p == port && state == 0x0A)
			n++;
	}
	fclose(f);
	return n;
}

int wf_fd_listening(unsigned port)
{
	int v4 = listening_in("/proc/net/tcp", port), v6 = listening_in("/proc/net/tcp6", port);
	if (v4 < 0 && v6 < 0)
		return -1;
	return (v4 > 0 ? v4 : 0) + (v6 > 0 ? v6 : 0);
}
