/*
 * runlimits.c - resource limits on a lesson (see runlimits.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actor.h"
#include "runlimits.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

/* A crash with this much of the memory limit left or less is put down to it. */
#define MEM_SLACK_MB 48
/* The kernel's SIGKILL follows SIGXCPU this many CPU seconds later. */
#define CPU_HARD_SLACK_S 5
/* RLIMIT_NPROC room beyond the budget: the lesson's threads count too. */
#define NPROC_ROOM (ARENA_MAX_ACTORS + 64)

unsigned limits_machine_mem_mb(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	unsigned long long mb = pages > 0 && size > 0 ? (unsigned long long)pages * (unsigned long long)size >> 20 : 0;
	mb /= LIMITS_MEM_SHARE;
	if (mb > 1u << 20)
		mb = 1u << 20;
	return mb < LIMITS_MEM_MIN_MB ? LIMITS_MEM_MIN_MB : (unsigned)mb;
}

static struct wf_limits config = {LIMITS_CPU_S, 0, LIMITS_PROCS};
static bool configured;

struct wf_limits limits_default(void)
{
	return (struct wf_limits){LIMITS_CPU_S, limits_machine_mem_mb(), LIMITS_PROCS};
}

void limits_configure(const struct wf_limits *l)
{
	config = *l;
	configured = true;
}

const struct wf_limits *limits_current(void)
{
	if (!configured) {
		struct wf_limits d = limits_default();
		limits_configure(&d);
	}
	return &config;
}

/* --- parsing ------------------------------------------------------------------ */

static const struct {
	const char *name, *unit;
	unsigned lo, hi;
	size_t offset;
} knobs[] = {
	{"cpu", "seconds", 1, 86400, offsetof(struct wf_limits, cpu_s)},
	{"mem", "MiB", 16, 1u << 20, offsetof(struct wf_limits, mem_mb)},
	{"procs", "processes", 1, 4096, offsetof(struct wf_limits, procs)},
};
#define NKNOBS (sizeof knobs / sizeof *knobs)

static int parse_one(struct wf_limits *l, const char *item, size_t len, char *err, size_t errsize)
{
	const char *eq = memchr(item, '=', len);
	size_t nlen = eq ? (size_t)(eq - item) : len;
	for (size_t k = 0; k < NKNOBS; k++) {
		if (strlen(knobs[k].name) != nlen || strncmp(knobs[k].name, item, nlen) != 0)
			continue;
		if (!eq) {
			snprintf(err, errsize, "--limit %s needs a value (%s=N, or %s=off)",
				 knobs[k].name, knobs[k].name, knobs[k].name);
			return -1;
		}
		const char *v = eq + 1;
		size_t vlen = len - nlen - 1;
		unsigned *out = (unsigned *)((char *)l + knobs[k].offset);
		if ((vlen == 3 && strncmp(v, "off", 3) == 0) || (vlen == 1 && v[0] == '0')) {
			*out = 0;
			return 0;
		}
		unsigned long n = 0;
		size_t i = 0;
		for (; i < vlen && v[i] >= '0' && v[i] <= '9' && n <= knobs[k].hi; i++)
			n = n * 10 + (unsigned long)(v[i] - '0');
		if (vlen == 0 || (i < vlen && !(v[i] >= '0' && v[i] <= '9'))) {
			snprintf(err, errsize, "--limit %s wants a whole number of %s or off, got '%.*s'",
				 knobs[k].name, knobs[k].unit, (int)(vlen > 40 ? 40 : vlen), v);
			return -1;
		}
		if (i < vlen || n < knobs[k].lo || n > knobs[k].hi) {
			snprintf(err, errsize, "--limit %s must be between %u and %u %s (or off)",
				 knobs[k].name, knobs[k].lo, knobs[k].hi, knobs[k].unit);
			return -1;
		}
		*out = (unsigned)n;
		return 0;
	}
	snprintf(err, errsize, "--limit knows cpu, mem and procs, got '%.*s'",
		 (int)(nlen > 40 ? 40 : nlen), item);
	return -1;
}

int limits_parse(struct wf_limits *l, const char *spec, char *err, size_t errsize)
{
	struct wf_limits next = *l;
	const char *at = spec;
	do {
		size_t len = strcspn(at, ",");
		if (parse_one(&next, at, len, err, errsize) < 0)
			return -1;
		at += len;
	} while (*at++ == ',');
	*l = next;
	return 0;
}

/* --- in the host ---------------------------------------------------------------- */

void limits_hit(enum limit_kind why)
{
	if (wf_arena) {
		uint32_t none = LIMIT_NONE;
		atomic_compare_exchange_strong(&wf_arena->ctl.limit_hit, &none, (uint32_t)why);
	}
	kill(0, SIGKILL);
}

static void on_xcpu(int sig)
{
	(void)sig;
	limits_hit(LIMIT_CPU);
}

/* Private memory of this process in MiB (statm's data + stack), read with
 * async-signal-safe calls only; -1 when unknown. */
static long data_mb(void)
{
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char buf[128];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	/* size resident shared text lib data dt: the sixth field */
	const char *p = buf;
	for (int field = 0; field < 5; field++) {
		while (*p && *p != ' ')
			p++;
		if (!*p)
			return -1;
		p++;
	}
	long pages = 0;
	while (*p >= '0' && *p <= '9')
		pages = pages * 10 + (*p++ - '0');
	return pages / (1048576 / 4096);
}

static void on_crash(int sig)
{
	long mb = data_mb();
	if (wf_arena && mb >= 0 && wf_arena->ctl.limit_mem_mb &&
	    mb + MEM_SLACK_MB >= (long)wf_arena->ctl.limit_mem_mb)
		limits_hit(LIMIT_MEM);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Threads of the real user id now, counted from /proc; -1 when unknown. */
static long user_tasks(void)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	uid_t me = getuid();
	long n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[300];
		snprintf(path, sizeof path, "/proc/%s/task", e->d_name);
		struct stat st;
		if (stat(path, &st) < 0 || st.st_uid != me)
			continue;
		/* a task directory has "." and ".." and one entry per thread */
		n += st.st_nlink > 2 ? (long)st.st_nlink - 2 : 1;
	}
	closedir(d);
	return n;
}

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit now;
	if (getrlimit(resource, &now) < 0)
		return;
	if (now.rlim_max != RLIM_INFINITY && hard > now.rlim_max)
		hard = now.rlim_max;
	if (soft > hard)
		soft = hard;
	setrlimit(resource, &(struct rlimit){soft, hard});
}

void limits_enter(struct arena *a)
{
	struct arena_control *c = &a->ctl;
	const struct wf_limits *l = limits_current();
	c->limit_cpu_s = l->cpu_s;
	c->limit_mem_mb = UNDER_SANITIZER ? 0 : l->mem_mb;
	c->limit_procs = l->procs;
	arena_on_refuse = limits_hit; /* a full table stops the lesson, saying which */
	set_limit(RLIMIT_CORE, 0, 0); /* a crashing lesson leaves no core file behind */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	if (c->limit_cpu_s) {
		set_limit(RLIMIT_CPU, c->limit_cpu_s, (rlim_t)c->limit_cpu_s + CPU_HARD_SLACK_S);
		sa.sa_handler = on_xcpu;
		sigaction(SIGXCPU, &sa, NULL);
	}
	if (c->limit_mem_mb) {
		rlim_t bytes = (rlim_t)c->limit_mem_mb << 20;
		set_limit(RLIMIT_DATA, bytes, bytes);
		sa.sa_handler = on_crash;
		const int crashes[] = {SIGSEGV, SIGBUS, SIGABRT};
		for (size_t i = 0; i < sizeof crashes / sizeof *crashes; i++)
			sigaction(crashes[i], &sa, NULL);
	}
	if (c->limit_procs && geteuid() != 0) {
		long now = user_tasks();
		if (now >= 0)
			set_limit(RLIMIT_NPROC, (rlim_t)(now + c->limit_procs + NPROC_ROOM),
				  (rlim_t)(now + c->limit_procs + NPROC_ROOM));
	}
}

int limits_take_process(void)
{
	struct arena_control *c = &wf_arena->ctl;
	int32_t n = atomic_fetch_add(&c->live_procs, 1) + 1;
	if (c->limit_procs && n > (int32_t)c->limit_procs) {
		limits_hit(LIMIT_PROCS);
		return -1;
	}
	return 0;
}

void limits_give_process(void)
{
	atomic_fetch_sub(&wf_arena->ctl.live_procs, 1);
}

/* --- in the sentry --------------------------------------------------------------- */

/* Reads a small /proc file into buf (terminated); its length, or -1. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t at = 0;
	ssize_t n;
	while (at < size - 1 && (n = read(fd, buf + at, size - 1 - at)) > 0)
		at += (size_t)n;
	close(fd);
	buf[at] = 0;
	return (ssize_t)at;
}

/* The kB after "key:" in an smaps_rollup text, 0 when absent. */
static unsigned long long kib_of(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

/* The group of process `pid` (a name under /proc) when it is alive, else
 * -1: from "pid (comm) state ppid pgrp ...", comm may hold anything but
 * the last ')'. */
static pid_t live_group_of(const char *pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%.20s/stat", pid);
	if (read_small(path, buf, sizeof buf) <= 0)
		return -1;
	const char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X' || p[2] == 0)
		return -1;
	p += 3;
	for (int field = 0; field < 2; field++) { /* past " ppid", to " pgrp" */
		while (*p == ' ')
			p++;
		if (field == 1)
			break;
		while (*p && *p != ' ')
			p++;
	}
	return (pid_t)strtol(p, NULL, 10);
}

enum limit_kind limits_watch(pid_t group, unsigned long long *mem_kib, unsigned *procs)
{
	/* No malloc here (no opendir): the sentry is a fork of a threaded UI,
	 * whose allocator a sanitizer build does not make fork-safe. */
	const struct wf_limits *l = limits_current();
	unsigned long long kib = 0;
	unsigned n = 0;
	int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char ents[4096];
	long got;
	while (dir >= 0 && (got = syscall(SYS_getdents64, dir, ents, sizeof ents)) > 0) {
		for (long at = 0; at < got;) {
			struct dirent64 *e = (struct dirent64 *)(ents + at);
			at += e->d_reclen;
			if (e->d_name[0] < '1' || e->d_name[0] > '9' || live_group_of(e->d_name) != group)
				continue;
			n++;
			char path[64], buf[1024];
			snprintf(path, sizeof path, "/proc/%.20s/smaps_rollup", e->d_name);
			if (read_small(path, buf, sizeof buf) > 0)
				kib += kib_of(buf, "\nPss_Anon:") + kib_of(buf, "\nPss_Shmem:");
		}
	}
	if (dir >= 0)
		close(dir);
	if (mem_kib)
		*mem_kib = kib;
	if (procs)
		*procs = n;
	if (l->mem_mb && kib > (unsigned long long)l->mem_mb << 10)
		return LIMIT_GROUP_MEM;
	if (l->procs && n > l->procs)
		return LIMIT_GROUP_PROCS;
	return LIMIT_NONE;
}

/* --- in the UI ------------------------------------------------------------------ */

bool limits_explain(const struct arena *a, int status, char *buf, size_t size)
{
	uint32_t why = a ? atomic_load(&((struct arena *)a)->ctl.limit_hit) : LIMIT_NONE;
	if (why == LIMIT_NONE && WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
		why = LIMIT_CPU; /* a lesson that took over the SIGXCPU handler */
	const struct arena_control *c = a ? &a->ctl : NULL;
	/* What each limit is called, and its size in this run. */
	static const char *const words[] = {
		[LIMIT_CPU] = "stopped: CPU time limit (%u s)",
		[LIMIT_MEM] = "stopped: memory limit (%u MiB)",
		[LIMIT_PROCS] = "stopped: process limit (%u processes)",
		[LIMIT_ACTORS] = "stopped: too many actors (%u)",
		[LIMIT_OBJECTS] = "stopped: too many sync objects (%u)",
		[LIMIT_HEAP] = "stopped: shared memory full (%u MiB)",
		[LIMIT_MSGS] = "stopped: too many messages in flight (%u KiB of messages)",
		[LIMIT_GROUP_MEM] = "stopped: memory limit (%u MiB, all processes)",
		[LIMIT_GROUP_PROCS] = "stopped: process limit (%u processes)",
	};
	unsigned size_of[] = {
		[LIMIT_CPU] = c ? c->limit_cpu_s : 0,
		[LIMIT_MEM] = c ? c->limit_mem_mb : 0,
		[LIMIT_PROCS] = c ? c->limit_procs : 0,
		[LIMIT_ACTORS] = ARENA_MAX_ACTORS,
		[LIMIT_OBJECTS] = ARENA_MAX_OBJECTS,
		[LIMIT_HEAP] = ARENA_HEAP_SIZE >> 20,
		[LIMIT_MSGS] = MSGHEAP_CELLS * MSGHEAP_CELL_DATA >> 10,
		[LIMIT_GROUP_MEM] = limits_current()->mem_mb,
		[LIMIT_GROUP_PROCS] = limits_current()->procs,
	};
	_Static_assert(sizeof words / sizeof words[0] == sizeof size_of / sizeof size_of[0],
		       "a word for every limit");
	if (why == LIMIT_NONE || why >= sizeof words / sizeof words[0] || !words[why])
		return false;
	snprintf(buf, size, words[why], size_of[why]);
	return true;
}
