/*
 * host.c - forking, watching and killing the lesson host (see host.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "host.h"
#include "scheduler.h"
#include "runlimits.h"
#include "sentry.h"

#define HOST_NICE 5

void host_adopt_orphans(void)
{
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

/* A scheduler thread, when the arena says a scheduler grants the steps
 * (the session turned step mode on before the fork). */
static int host_schedule(struct arena *a)
{
	struct sched_plan p = {a->ctl.sched_kind, a->ctl.sched_seed, a->ctl.sched_plan,
			       a->ctl.sched_plan_len};
	if (p.kind == SCHED_FREE || p.kind == SCHED_STEP)
		return 0;
	return sched_start(a, &p);
}

void host_close_fds(int keep1, int keep2)
{
	int lo = keep1 < keep2 ? keep1 : keep2, hi = keep1 < keep2 ? keep2 : keep1;
	unsigned from = 3;
	for (int k = 0; k < 2; k++) {
		int keep = k == 0 ? lo : hi;
		if (keep < (int)from)
			continue;
		if ((unsigned)keep > from)
			close_range(from, (unsigned)keep - 1, 0);
		from = (unsigned)keep + 1;
	}
	close_range(from, ~0u, 0);
}

/* In the forked host: a clean slate of signals and descriptors (0, 1 and 2
 * only: nothing of the UI's), then the lesson. */
_Noreturn static void host_main(struct arena *a, const struct wf_lesson *l, int out, pid_t ui)
{
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != ui) /* the UI died before the prctl took effect */
		_exit(1);
	static const int reset[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGWINCH,
				    SIGTSTP, SIGTTIN, SIGTTOU, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof reset / sizeof *reset; i++)
		signal(reset[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0) {
		dup2(null, 0);
		close(null);
	}
	dup2(out, 1);
	dup2(out, 2);
	/* The UI's signal pipe, its trace file, the sentry's pipe, a terminal
	 * dup: a lesson writing to any of them could stop or corrupt the UI. */
	host_close_fds(-1, -1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	limits_enter(a);
	/* The observer drains the rings on the same cores the lesson runs on;
	 * a lower priority for the whole lesson keeps the drain ahead of it. */
	if (nice(HOST_NICE) < 0) {
		/* not fatal: the lesson runs at the UI's priority */
	}
	wf_arena = a;
	uint16_t main_id = actor_register("main", AK_PROCESS, WF_NONE);
	if (main_id != WF_NONE)
		a->actors[main_id].free = 1; /* the lesson's main never waits at a step */
	actor_enter(main_id);
	if (host_schedule(a) < 0)
		_exit(1);
	l->run();
	actor_leave(0);
	fflush(NULL);
	_exit(0);
}

int host_start(struct host *h, struct arena *a, const struct wf_lesson *l,
	       const struct lesson_args *args)
{
	*h = (struct host){0, -1, false, 0, -1, 0};
	a->ctl.nparams = args->n;
	memcpy(a->ctl.params, args->p, sizeof a->ctl.params);
	int fds[2], watch[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(watch, O_CLOEXEC) < 0) { /* the sentry's: only the UI writes */
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	pid_t ui = getpid();
	fflush(NULL);
	/* Whatever kills the UI, the sentry ends what the lesson forks.  It is
	 * the UI's child, not the host's: lesson code sees only its own
	 * children (a wait() until ECHILD returns). */
	pid_t sentry = sentry_start(watch[0], watch[1], a);
	pid_t pid = sentry < 0 ? -1 : fork();
	if (pid < 0) {
		int e = errno;
		if (sentry > 0) {
			kill(sentry, SIGKILL);
			waitpid(sentry, NULL, 0);
		}
		close(fds[0]);
		close(fds[1]);
		close(watch[0]);
		close(watch[1]);
		errno = e;
		return -1;
	}
	if (pid == 0)
		host_main(a, l, fds[1], ui);
	setpgid(pid, pid); /* also here, so the group exists before we may kill it */
	close(fds[1]);
	close(watch[0]);
	h->watch_fd = watch[1];
	h->sentry = sentry;
	sentry_watch(watch[1], pid);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	h->pid = pid;
	h->out_fd = fds[0];
	return 0;
}

/* Reaps every child that has ended: orphans of the lesson (we are their
 * subreaper) and, if it is among them, the host itself, whose status is
 * kept: a waitpid(-1) that took the host would otherwise lose its end. */
static void reap(struct host *h)
{
	pid_t p;
	int status;
	while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
		if (p == h->pid && !h->exited) {
			h->status = status;
			h->exited = true;
		}
		if (p == h->sentry)
			h->sentry = 0; /* never signal a pid that may be reused */
	}
}

bool host_poll(struct host *h)
{
	if (h->pid > 0)
		reap(h);
	return h->pid == 0 || h->exited;
}

bool host_group_alive(const struct host *h)
{
	return h->pid > 0 && (kill(-h->pid, 0) == 0 || errno == EPERM);
}

void host_stop(struct host *h)
{
	if (h->pid > 0) {
		kill(-h->pid, SIGKILL);
		if (!h->exited) {
			while (waitpid(h->pid, &h->status, 0) < 0 && errno == EINTR)
				;
			h->exited = true;
		}
		/* Processes the lesson forked are killed with the group; once
		 * orphaned they are ours (subreaper) or init's to reap. */
		for (int i = 0; i < 1000 && host_group_alive(h); i++) {
			kill(-h->pid, SIGKILL);
			reap(h);
			nanosleep(&(struct timespec){0, 1000000}, NULL);
		}
		reap(h);
		/* Only now, with the group gone: the sentry must not see the UI
		 * "die" while the UI still holds the terminal. */
		if (h->sentry > 0) {
			kill(h->sentry, SIGKILL);
			while (waitpid(h->sentry, NULL, 0) < 0 && errno == EINTR)
				;
			h->sentry = 0;
		}
		close(h->watch_fd);
	}
	if (h->out_fd >= 0)
		close(h->out_fd);
	h->out_fd = -1;
	h->pid = 0;
}
