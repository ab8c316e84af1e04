/*
 * bench_switch.c - rows thread-switch, process-switch and cond-pingpong:
 * what a lesson's hand-over from one thread or process to another costs
 * through Weft's own primitives, next to the raw kernel ping-pong and to
 * the same C built on pthreads, in the same run.
 *
 * Both sides are pinned to the same CPU, so each round trip is two real
 * context switches and what the primitives add: across two CPUs an idle
 * vCPU halts and waking it costs tens of µs, which would measure the
 * hypervisor.  Figures are µs per round trip (A wakes B, B wakes A).
 * Weft's side is two real actors of a real arena, recording off (no
 * collector runs here; an emit is ~15 ns against µs of switching).
 *
 *  - thread-switch: two wf_queues of one slot bounced between two threads
 *    (put, get; get, put); peers a raw futex word, and the same queue
 *    made of a pthread mutex and two condition variables (target 1.05x).
 *  - process-switch: the same wf_queues (WF_SHARED) between a process and
 *    its fork; peers a byte through two pipes, and the process-shared
 *    mutex+condvar queue (target 1.05x).
 *  - cond-pingpong: a turn flag under a wf_mutex, waited for with wf_cond
 *    (Python's Condition), against pthread_mutex + pthread_cond.
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

#include "actor.h"
#include "bench.h"
#include "pshared.h"
#include "weft.h"

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

/* --- a one-slot queue of a pthread mutex and two conditions (the peer) -------- */

struct mcq {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	uint64_t item;
	int full;
};

static int mcq_init(struct mcq *q, bool shared)
{
	return pshared_mutex_init(&q->mu, shared) || pshared_cond_init(&q->not_empty, shared) ||
	       pshared_cond_init(&q->not_full, shared) ? -1 : 0;
}

static void mcq_put(struct mcq *q, uint64_t v)
{
	pthread_mutex_lock(&q->mu);
	while (q->full)
		pthread_cond_wait(&q->not_full, &q->mu);
	q->item = v;
	q->full = 1;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

static uint64_t mcq_get(struct mcq *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->full)
		pthread_cond_wait(&q->not_empty, &q->mu);
	uint64_t v = q->item;
	q->full = 0;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->mu);
	return v;
}

/* --- the two queue ping-pongs, Weft's and the peer's ------------------------------ */

struct qpp {
	bool weft;
	wf_queue *ab, *ba;   /* Weft's */
	struct mcq *pab, *pba; /* the peer's (shared memory for processes) */
	uint16_t actor;      /* side B, for Weft */
	long rounds;
};

static void qpp_side_b(struct qpp *pp)
{
	uint64_t v = 0;
	for (long i = 0; i < pp->rounds; i++) {
		if (pp->weft) {
			wf_queue_get(pp->ab, &v, WF_FOREVER);
			wf_queue_put(pp->ba, v, WF_FOREVER);
		} else {
			mcq_put(pp->pba, mcq_get(pp->pab));
		}
	}
}

static void *qpp_thread_b(void *arg)
{
	struct qpp *pp = arg;
	bench_pin(pinned_cpu);
	if (pp->weft)
		actor_enter(pp->actor);
	qpp_side_b(pp);
	if (pp->weft)
		actor_leave(0);
	return NULL;
}

static double qpp_side_a(struct qpp *pp)
{
	uint64_t v = 0;
	uint64_t t0 = bench_now_ns();
	for (long i = 0; i < pp->rounds; i++) {
		if (pp->weft) {
			wf_queue_put(pp->ab, (uint64_t)i, WF_FOREVER);
			wf_queue_get(pp->ba, &v, WF_FOREVER);
		} else {
			mcq_put(pp->pab, (uint64_t)i);
			v = mcq_get(pp->pba);
		}
	}
	uint64_t t1 = bench_now_ns();
	return v == (uint64_t)(pp->rounds - 1) ? (double)(t1 - t0) / pp->rounds / 1000.0 : -1;
}

static struct qpp queues; /* made once a group, in the arena (shared with forks) */

static double qpp_threads(bool weft, long rounds)
{
	struct qpp pp = queues;
	pp.weft = weft;
	pp.rounds = rounds;
	if (weft && (pp.actor = actor_register("B", AK_THREAD, 0)) == WF_NONE)
		return -1;
	pthread_t b;
	if (pthread_create(&b, NULL, qpp_thread_b, &pp) != 0)
		return -1;
	double us = qpp_side_a(&pp);
	pthread_join(b, NULL);
	return us;
}

static double qpp_processes(bool weft, long rounds)
{
	struct qpp pp = queues;
	pp.weft = weft;
	pp.rounds = rounds;
	if (weft && (pp.actor = actor_register("B", AK_PROCESS, 0)) == WF_NONE)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (weft)
			actor_enter(pp.actor);
		qpp_side_b(&pp);
		_exit(0);
	}
	double us = qpp_side_a(&pp);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? us : -1;
}

static double wf_threads_us(long r) { return qpp_threads(true, r); }
static double mcq_threads_us(long r) { return qpp_threads(false, r); }
static double wf_processes_us(long r) { return qpp_processes(true, r); }
static double mcq_processes_us(long r) { return qpp_processes(false, r); }

/* --- wf_cond ping-pong -------------------------------------------------------------- */

struct wcond_pp {
	wf_mutex *mu;
	wf_cond *cv;
	int turn;
	long rounds;
	uint16_t actor;
};

static struct wcond_pp wcond;

static void *wcond_b(void *arg)
{
	struct wcond_pp *pp = arg;
	bench_pin(pinned_cpu);
	actor_enter(pp->actor);
	wf_mutex_lock(pp->mu);
	for (long i = 0; i < pp->rounds; i++) {
		while (pp->turn == 0)
			wf_cond_wait(pp->cv, pp->mu, WF_FOREVER);
		pp->turn = 0;
		wf_cond_notify(pp->cv);
	}
	wf_mutex_unlock(pp->mu);
	actor_leave(0);
	return NULL;
}

static double wcond_round_trip_us(long rounds)
{
	struct wcond_pp *pp = &wcond;
	pp->turn = 0;
	pp->rounds = rounds;
	if ((pp->actor = actor_register("B", AK_THREAD, 0)) == WF_NONE)
		return -1;
	pthread_t b;
	if (pthread_create(&b, NULL, wcond_b, pp) != 0)
		return -1;
	uint64_t t0 = bench_now_ns();
	wf_mutex_lock(pp->mu);
	for (long i = 0; i < rounds; i++) {
		pp->turn = 1;
		wf_cond_notify(pp->cv);
		while (pp->turn == 1)
			wf_cond_wait(pp->cv, pp->mu, WF_FOREVER);
	}
	wf_mutex_unlock(pp->mu);
	uint64_t t1 = bench_now_ns();
	pthread_join(b, NULL);
	return (double)(t1 - t0) / rounds / 1000.0;
}

/* Median of `runs` runs of each, Weft's (w) and its peer's (p) alternating. */
static void paired(double (*w)(long), double (*p)(long), long rounds, int runs,
		   struct bench_stat *ws, struct bench_stat *ps)
{
	double a[32], b[32];
	int na = 0, nb = 0;
	if (w)
		w(rounds / 10); /* warm up */
	if (p)
		p(rounds / 10);
	for (int i = 0; i < runs && i < 32; i++) {
		double x = w ? w(rounds) : -1, y = p ? p(rounds) : -1;
		if (x > 0)
			a[na++] = x;
		if (y > 0)
			b[nb++] = y;
	}
	*ws = bench_stat_of(a, na);
	*ps = bench_stat_of(b, nb);
}

static void report_pair(const char *row, const struct bench_stat *w, const char *peer,
			const struct bench_stat *p, bool target, const char *note)
{
	struct bench_row r = {.row = row, .unit = "us", .weft = *w, .peer = peer, .peer_value = *p,
			      .cost = true, .target = target ? "within 1.05x" : "reported",
			      .has_target = target};
	r.met = target && w->runs && p->runs && w->median <= 1.05 * p->median;
	snprintf(r.note, sizeof r.note, "%s", note);
	bench_report(&r);
}

void bench_switch(const struct bench_opts *o)
{
	long rounds = o->quick ? 5000 : 20000;
	struct bench_arena ba;
	if (bench_arena_open(&ba) != 0) {
		bench_missing("thread-switch", "us", "within 1.05x", "cannot map an arena");
		return;
	}
	atomic_store(&ba.a->ctl.gate, 0); /* recording off: see the top of the file */
	queues.ab = wf_queue_new("ab", 1, WF_SHARED);
	queues.ba = wf_queue_new("ba", 1, WF_SHARED);
	queues.pab = arena_alloc(ba.a, sizeof *queues.pab);
	queues.pba = arena_alloc(ba.a, sizeof *queues.pba);
	wcond.mu = wf_mutex_new("mu", 0);
	wcond.cv = wf_cond_new("cv", 0);
	bool made = queues.ab && queues.ba && queues.pab && queues.pba && wcond.mu && wcond.cv &&
		    mcq_init(queues.pab, true) == 0 && mcq_init(queues.pba, true) == 0;
	pinned_cpu = bench_pin(-1);
	char note[80];
	snprintf(note, sizeof note, "pinned to CPU %d; us a round trip; ratio: Weft / peer",
		 pinned_cpu);

	struct bench_stat wq, mq, fu, wc, pc, pq, pm, pp;
	paired(made ? wf_threads_us : NULL, mcq_threads_us, rounds, o->runs, &wq, &mq);
	paired(NULL, futex_round_trip_us, rounds, o->runs, &fu, &fu);
	char n1[160];
	snprintf(n1, sizeof n1, "wf_queue put/get ping-pong; %s", note);
	report_pair("thread-switch", &wq, "futex", &fu, false, n1);
	report_pair("thread-switch", &wq, "mutex+condvar", &mq, true,
		    "peer: the same one-slot queue of a pthread mutex and two condvars");

	paired(made ? wf_processes_us : NULL, mcq_processes_us, rounds, o->runs, &pq, &pm);
	paired(NULL, pipe_round_trip_us, rounds, o->runs, &pp, &pp);
	snprintf(n1, sizeof n1, "wf_queue (WF_SHARED) ping-pong, process and fork; %s",
		 note);
	report_pair("process-switch", &pq, "pipe", &pp, false, n1);
	report_pair("process-switch", &pq, "mutex+condvar", &pm, true,
		    "peer: the same queue, process-shared pthread mutex and condvars");

	paired(made ? wcond_round_trip_us : NULL, cond_round_trip_us, rounds, o->runs, &wc, &pc);
	report_pair("cond-pingpong", &wc, "mutex+condvar", &pc, true,
		    "wf_mutex + wf_cond turn ping-pong; peer pthread_mutex + pthread_cond");
	bench_unpin();
	bench_arena_close(&ba);
}
