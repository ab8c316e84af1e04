/*
 * test_runlimits.c - parsing --limit and explaining why a lesson stopped.
 *
 * That the limits really stop a runaway lesson is tested with the real
 * binary (tests/e2e_limits.sh); here the pure parts: every accepted and
 * refused spelling, and the words the UI and `weft run` show.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>

#include "runlimits.h"

static void test_runlimits_defaults(void **state)
{
	(void)state;
	struct wf_limits l = limits_default();
	assert_int_equal(l.cpu_s, LIMITS_CPU_S);
	assert_int_equal(l.mem_mb, limits_machine_mem_mb());
	assert_int_equal(l.procs, LIMITS_PROCS);
	/* a share of this machine's RAM, as /proc/meminfo says it */
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long long kib = 0;
	assert_non_null(f);
	assert_int_equal(fscanf(f, "MemTotal: %llu kB", &kib), 1);
	fclose(f);
	unsigned long long want = kib / 1024 / LIMITS_MEM_SHARE;
	if (want < LIMITS_MEM_MIN_MB)
		want = LIMITS_MEM_MIN_MB;
	assert_true(l.mem_mb + 1 >= want && l.mem_mb <= want + 1);
}

/* The sentry's watch over a group: four processes, one 64 MiB shared
 * mapping they all touch (counted once, not four times: proportional
 * shares), past a 32 MiB cap; then the process count past 2. */
static void test_runlimits_watch_sums_the_group(void **state)
{
	(void)state;
	enum { SHARED_MB = 64 };
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t leader = fork();
	assert_true(leader >= 0);
	if (leader == 0) {
		setpgid(0, 0);
		char *m = mmap(NULL, SHARED_MB << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			_exit(1);
		memset(m, 1, SHARED_MB << 20);
		for (int i = 0; i < 3; i++)
			if (fork() == 0) {
				volatile char sum = 0;
				for (size_t at = 0; at < (size_t)SHARED_MB << 20; at += 4096)
					sum += m[at]; /* mapped here too */
				(void)sum;
				if (write(ready[1], "r", 1) < 0)
					_exit(1);
				pause();
				_exit(0);
			}
		if (write(ready[1], "r", 1) < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	setpgid(leader, leader);
	char b;
	for (int i = 0; i < 4; i++)
		assert_int_equal(read(ready[0], &b, 1), 1);
	struct wf_limits l = {0, 32, 0};
	limits_configure(&l);
	unsigned long long kib;
	unsigned n;
	assert_int_equal(limits_watch(leader, &kib, &n), LIMIT_GROUP_MEM);
	assert_int_equal(n, 4);
	if (kib < (SHARED_MB - 4) << 10 || kib > (SHARED_MB * 2) << 10)
		fail_msg("the group holds %llu KiB; its one shared mapping is %d MiB", kib, SHARED_MB);
	l = (struct wf_limits){0, 0, 2};
	limits_configure(&l);
	assert_int_equal(limits_watch(leader, NULL, NULL), LIMIT_GROUP_PROCS);
	l = (struct wf_limits){0, 1024, 4};
	limits_configure(&l);
	assert_int_equal(limits_watch(leader, NULL, NULL), LIMIT_NONE);
	kill(-leader, SIGKILL);
	waitpid(leader, NULL, 0);
	close(ready[0]);
	close(ready[1]);
	l = limits_default();
	limits_configure(&l);
}

static void test_runlimits_parse_each_and_lists(void **state)
{
	(void)state;
	struct wf_limits l = limits_default();
	char err[200];
	assert_int_equal(limits_parse(&l, "cpu=10", err, sizeof err), 0);
	assert_int_equal(l.cpu_s, 10);
	assert_int_equal(limits_parse(&l, "mem=256,procs=8", err, sizeof err), 0);
	assert_int_equal(l.mem_mb, 256);
	assert_int_equal(l.procs, 8);
	assert_int_equal(limits_parse(&l, "cpu=off,mem=0", err, sizeof err), 0);
	assert_int_equal(l.cpu_s, 0);
	assert_int_equal(l.mem_mb, 0);
	assert_int_equal(l.procs, 8);
}

static void test_runlimits_parse_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "cpu", "cpu=", "cpu=x", "cpu=-1", "cpu=1.5", "cpu=86401", "mem=15",
		"procs=4097", "disk=1", "cpu=1,", ",cpu=1", "cpu=99999999999999999999", "=5",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct wf_limits l = limits_default();
		char err[200] = "";
		assert_int_equal(limits_parse(&l, bad[i], err, sizeof err), -1);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n'));
		/* a refused spec changes nothing, even when its first item was good */
		assert_int_equal(l.cpu_s, LIMITS_CPU_S);
		assert_int_equal(l.mem_mb, limits_machine_mem_mb());
		assert_int_equal(l.procs, LIMITS_PROCS);
	}
}

static void test_runlimits_explain(void **state)
{
	(void)state;
	struct arena *a = arena_new(); /* too big for calloc: NORESERVE pages */
	assert_non_null(a);
	a->ctl.limit_cpu_s = 10;
	a->ctl.limit_mem_mb = 256;
	a->ctl.limit_procs = 16;
	char buf[80];
	int killed = SIGKILL; /* a waitpid status: killed by SIGKILL */
	assert_false(limits_explain(a, killed, buf, sizeof buf));
	atomic_store(&a->ctl.limit_hit, LIMIT_CPU);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: CPU time limit (10 s)");
	atomic_store(&a->ctl.limit_hit, LIMIT_MEM);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: memory limit (256 MiB)");
	atomic_store(&a->ctl.limit_hit, LIMIT_PROCS);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: process limit (16 processes)");
	/* killed by SIGXCPU with no reason recorded: still the CPU limit */
	atomic_store(&a->ctl.limit_hit, LIMIT_NONE);
	assert_true(limits_explain(a, SIGXCPU, buf, sizeof buf));
	assert_string_equal(buf, "stopped: CPU time limit (10 s)");
	/* the arena's own tables */
	atomic_store(&a->ctl.limit_hit, LIMIT_OBJECTS);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: too many sync objects (4096)");
	atomic_store(&a->ctl.limit_hit, LIMIT_ACTORS);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: too many actors (2048)");
	atomic_store(&a->ctl.limit_hit, LIMIT_HEAP);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: shared memory full (32 MiB)");
	/* the group's caps, from the sentry's watch: the sizes configured */
	struct wf_limits l = {10, 300, 64};
	limits_configure(&l);
	atomic_store(&a->ctl.limit_hit, LIMIT_GROUP_MEM);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: memory limit (300 MiB, all processes)");
	atomic_store(&a->ctl.limit_hit, LIMIT_GROUP_PROCS);
	assert_true(limits_explain(a, killed, buf, sizeof buf));
	assert_string_equal(buf, "stopped: process limit (64 processes)");
	l = limits_default();
	limits_configure(&l);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runlimits_defaults),
		cmocka_unit_test(test_runlimits_watch_sums_the_group),
		cmocka_unit_test(test_runlimits_parse_each_and_lists),
		cmocka_unit_test(test_runlimits_parse_refuses),
		cmocka_unit_test(test_runlimits_explain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
