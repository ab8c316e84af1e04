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
#include <stdlib.h>
#include <string.h>

#include "runlimits.h"

static void test_runlimits_defaults(void **state)
{
	(void)state;
	struct wf_limits l = limits_default();
	assert_int_equal(l.cpu_s, LIMITS_CPU_S);
	assert_int_equal(l.mem_mb, LIMITS_MEM_MB);
	assert_int_equal(l.procs, LIMITS_PROCS);
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
		assert_int_equal(l.mem_mb, LIMITS_MEM_MB);
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
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runlimits_defaults),
		cmocka_unit_test(test_runlimits_parse_each_and_lists),
		cmocka_unit_test(test_runlimits_parse_refuses),
		cmocka_unit_test(test_runlimits_explain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
