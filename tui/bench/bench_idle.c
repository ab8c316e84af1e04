/*
 * bench_idle.c - row idle: the CPU the terminal UI uses while a lesson is
 * paused.
 *
 * The real binary runs `weft open race` (threads busy on a lock, so the UI
 * has work until it is paused) in a 120×40 pty; after a second Space pauses
 * it; a second later the UI process's utime + stime (/proc/PID/stat) is
 * read at the start and the end of the window, and the pty is drained all
 * along, as a terminal would.  The figure is % of one core; the median is
 * over one-second slices read from /proc/PID/schedstat (ns on CPU), the
 * whole window's stat figure is in the note.  Then q, and the UI must exit.
 *
 * Only the UI process counts: the lesson's own threads are held at their
 * gates, which is what pausing means.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

/* Reads and drops what the UI wrote, for `ms`; returns the bytes read. */
static size_t drain(int fd, int ms)
{
	size_t total = 0;
	uint64_t end = bench_now_ns() + (uint64_t)ms * 1000000u;
	char buf[16384];
	for (;;) {
		uint64_t now = bench_now_ns();
		if (now >= end)
			return total;
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, (int)((end - now) / 1000000u) + 1) > 0) {
			ssize_t n = read(fd, buf, sizeof buf);
			if (n > 0)
				total += (size_t)n;
			else if (n < 0 && errno != EAGAIN && errno != EINTR)
				return total; /* the UI is gone */
		}
	}
}

/* utime + stime of pid in seconds (/proc/PID/stat fields 14 and 15), or -1. */
static double stat_cpu_s(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')'); /* the command name may hold spaces */
	unsigned long ut, st;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* ns pid's main thread has spent on a CPU (/proc/PID/schedstat), or -1. */
static double schedstat_ns(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	FILE *f = fopen(path, "r");
	double ns = -1;
	if (f && fscanf(f, "%lf", &ns) != 1)
		ns = -1;
	if (f)
		fclose(f);
	return ns;
}

static void stop_ui(pid_t pid, int master)
{
	if (write(master, "q", 1) != 1)
		kill(pid, SIGTERM);
	for (int i = 0; i < 50; i++) {
		drain(master, 100);
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

void bench_idle(const struct bench_opts *o)
{
	int seconds = o->quick ? 2 : 5;
	struct winsize ws = {40, 120, 0, 0};
	int master;
	fflush(stdout);
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		bench_missing("idle", "% core", "<= 1", "no pty (forkpty failed)");
		return;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execl(o->self, "weft", "open", "race", "--set", "iters=10000000", "--set", "lock=on",
		      (char *)NULL);
		_exit(127);
	}
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	size_t started = drain(master, 1000);
	bool paused = started > 0 && write(master, " ", 1) == 1;
	drain(master, 1000); /* the pause settles: the last events folded */
	double slice[16];
	int n = 0;
	double s0 = stat_cpu_s(pid), before = schedstat_ns(pid);
	for (int i = 0; i < seconds && paused; i++) {
		drain(master, 1000);
		double after = schedstat_ns(pid);
		if (before >= 0 && after >= 0)
			slice[n++] = (after - before) / 1e9 * 100.0;
		before = after;
	}
	double s1 = stat_cpu_s(pid);
	stop_ui(pid, master);
	close(master);
	if (!paused || !n || s0 < 0 || s1 < 0) {
		bench_missing("idle", "% core", "<= 1", started ? "could not pause or read the UI's CPU time"
								: "weft open race drew nothing in a pty");
		return;
	}
	struct bench_row r = {.row = "idle", .unit = "% core", .weft = bench_stat_of(slice, n),
			      .target = "<= 1", .has_target = true};
	double whole = (s1 - s0) / seconds * 100.0;
	r.met = r.weft.median <= 1 && whole <= 1;
	snprintf(r.note, sizeof r.note,
		 "weft open race, paused with Space, %d s; utime+stime over the window: %.2f%% of a core",
		 seconds, whole);
	bench_report(&r);
}
