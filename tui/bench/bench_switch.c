/*
 * bench_switch.c - rows thread-switch and process-switch: what the kernel
 * charges to hand the CPU from one thread or process to another, for the
 * switch-cost lesson.
 *
 * Both sides are pinned to the same CPU, so each round trip is two real
 * context switches and nothing else: across two CPUs an idle vCPU halts
 * and waking it costs tens of µs, which would measure the hypervisor.
 * Figures are µs per round trip (A wakes B, B wakes A).
 *
 *  - thread-switch: a futex word bounced between two threads; the peer is
 *    the same ping-pong through a pthread mutex and condition variable.
 *  - process-switch: one byte bounced through two pipes between a process
 *    and its fork.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static int pinned_cpu;

static void futex_wait(_Atomic uint32_t *w, uint32_t val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* --- futex ping-pong ------------------------------------------------------- */

struct futex_pp {
	_Atomic uint32_t turn; /* 1: B's turn, 0: A's */
	long rounds;
};

static void *futex_b(void *arg)
{
	struct futex_pp *pp = arg;
	bench_pin(pinned_cpu);
	for (long i = 0; i < pp->rounds; i++) {
		while (atomic_load(&pp->turn) == 0)
			futex_wait(&pp->turn, 0);
		atomic_store(&pp->turn, 0);
		futex_wake(&pp->turn);
	}
	return NULL;
}

static double futex_round_trip_us(long rounds)
{
	struct futex_pp pp = {0, rounds};
	pthread_t b;
	if (pthread_create(&b, NULL, futex_b, &pp) != 0)
		return -1;
	uint64_t t0 = bench_now_ns();
	for (long i = 0; i < rounds; i++) {
		atomic_store(&pp.turn, 1);
		futex_wake(&pp.turn);
		while (atomic_load(&pp.turn) == 1)
			futex_wait(&pp.turn, 1);
	}
	uint64_t t1 = bench_now_ns();
	pthread_join(b, NULL);
	return (double)(t1 - t0) / rounds / 1000.0;
}

/* --- mutex + condition variable ping-pong ------------------------------------ */

struct cond_pp {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int turn;
	long rounds;
};

static void *cond_b(void *arg)
{
	struct cond_pp *pp = arg;
	bench_pin(pinned_cpu);
	pthread_mutex_lock(&pp->mu);
	for (long i = 0; i < pp->rounds; i++) {
		while (pp->turn == 0)
			pthread_cond_wait(&pp->cv, &pp->mu);
		pp->turn = 0;
		pthread_cond_signal(&pp->cv);
	}
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

static double cond_round_trip_us(long rounds)
{
	struct cond_pp pp = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, rounds};
	pthread_t b;
	if (pthread_create(&b, NULL, cond_b, &pp) != 0)
		return -1;
	uint64_t t0 = bench_now_ns();
	pthread_mutex_lock(&pp.mu);
	for (long i = 0; i < rounds; i++) {
		pp.turn = 1;
		pthread_cond_signal(&pp.cv);
		while (pp.turn == 1)
			pthread_cond_wait(&pp.cv, &pp.mu);
	}
	pthread_mutex_unlock(&pp.mu);
	uint64_t t1 = bench_now_ns();
	pthread_join(b, NULL);
	return (double)(t1 - t0) / rounds / 1000.0;
}

/* --- pipe ping-pong between processes ------------------------------------------ */

static double pipe_round_trip_us(long rounds)
{
	int ab[2], ba[2];
	if (pipe(ab) < 0)
		return -1;
	if (pipe(ba) < 0) {
		close(ab[0]);
		close(ab[1]);
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		for (long i = 0; i < rounds; i++)
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	double us = -1;
	if (pid > 0) {
		char c = 'x';
		uint64_t t0 = bench_now_ns();
		long i;
		for (i = 0; i < rounds; i++)
			if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
				break;
		uint64_t t1 = bench_now_ns();
		if (i == rounds)
			us = (double)(t1 - t0) / rounds / 1000.0;
		else
			kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
		}
	}
	close(ab[0]);
	close(ab[1]);
	close(ba[0]);
	close(ba[1]);
	return us;
}

static struct bench_stat repeat(double (*f)(long), long rounds, int runs)
{
	double v[32];
	int n = 0;
	f(rounds / 10); /* warm up */
	for (int i = 0; i < runs && i < 32; i++) {
		double x = f(rounds);
		if (x > 0)
			v[n++] = x;
	}
	return bench_stat_of(v, n);
}

void bench_switch(const struct bench_opts *o)
{
	long rounds = o->quick ? 5000 : 20000;
	pinned_cpu = bench_pin(-1);
	char note[96];
	snprintf(note, sizeof note, "both sides pinned to CPU %d; us per round trip (2 switches)",
		 pinned_cpu);

	struct bench_stat fu = repeat(futex_round_trip_us, rounds, o->runs);
	struct bench_stat cv = repeat(cond_round_trip_us, rounds, o->runs);
	struct bench_row t = {.row = "thread-switch", .unit = "us", .weft = fu, .peer = "mutex+condvar",
			      .peer_value = cv, .target = "reported"};
	snprintf(t.note, sizeof t.note, "futex ping-pong; %s", note);
	bench_report(&t);

	struct bench_stat pp = repeat(pipe_round_trip_us, rounds, o->runs);
	struct bench_row p = {.row = "process-switch", .unit = "us", .weft = pp, .target = "reported"};
	snprintf(p.note, sizeof p.note, "pipe ping-pong; %s", note);
	bench_report(&p);
	bench_unpin();
}
