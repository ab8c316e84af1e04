/*
 * futures - concurrent.futures.ThreadPoolExecutor: submit and result,
 * as_completed, done callbacks.
 *
 * Python: the notes' 002 (pool = ThreadPoolExecutor(10); a, b =
 * pool.submit(fetch_url, ...) twice; x = a.result() blocks until the page
 * is in) and 001 "线程池" (way two: ThreadPoolExecutor(2), four names said
 * hello to with one second each, read back with as_completed; way one:
 * ThreadPoolExecutor(cpu_count() + 1), 19 tasks each submitted twice,
 * sleeping randint(1, 5) s, a done callback on the second future).
 *
 * The notes fetch www.python.org and www.pypy.org; here a server the
 * lesson starts on 127.0.0.1 (an ephemeral port, two threads, one page
 * each after `latency_ms`) stands in, and every socket is closed before
 * the end (the lesson counts its open sockets before and after).
 *
 * The parts run in that order: part 1 shows result() blocking the caller
 * (main's lane is blocked on the future); part 2 shows as_completed giving
 * futures in the order they finished; part 3 shows completion order
 * differing from submission order and each done callback running on the
 * lane of the worker that finished the call.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define MAX_TASKS 40
#define PAGE_MAX 512

/* ---- the loopback server: one page per connection -------------------- */

static int listener = -1;
static uint16_t port;
static wf_fd *accepting, *reply[2]; /* where the lanes are drawn waiting on the sockets */

static const char *const pages[2][2] = {
	{"/python.org", "<!doctype html><title>Welcome to Python.org (a Weft stand-in)</title>"},
	{"/pypy.org", "<!DOCTYPE html><title>PyPy - Welcome to PyPy (a Weft stand-in)</title>"},
};

static void serve_one(void *arg)
{
	(void)arg;
	wf_fd_wait(accepting, listener, POLLIN, WF_FOREVER);
	int c = accept(listener, NULL, NULL);
	if (c < 0)
		return;
	char req[256] = "";
	ssize_t n = read(c, req, sizeof req - 1);
	req[n > 0 ? n : 0] = '\0';
	wf_sleep((double)wf_param_int("latency_ms") / 1000); /* the network and the far server */
	const char *body = "<html>not found</html>";
	for (int i = 0; i < 2; i++)
		if (strstr(req, pages[i][0]))
			body = pages[i][1];
	char reply[PAGE_MAX];
	int len = snprintf(reply, sizeof reply, "HTTP/1.0 200 OK\r\nContent-Length: %zu\r\n\r\n%s",
			   strlen(body), body);
	if (write(c, reply, (size_t)len) < 0)
		wf_print("server: write failed");
	close(c);
}

static int server_up(void)
{
	listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(listener, 8) != 0 || getsockname(listener, (struct sockaddr *)&a, &alen) != 0)
		return -1;
	port = ntohs(a.sin_port);
	accepting = wf_fd_new("listening socket");
	reply[0] = wf_fd_new("python.org reply");
	reply[1] = wf_fd_new("pypy.org reply");
	return 0;
}

/* Sockets this process has open now (from /proc/self/fd). */
static int open_sockets(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[300], target[64];
		snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
		ssize_t len = readlink(path, target, sizeof target - 1);
		if (len > 0) {
			target[len] = '\0';
			n += strncmp(target, "socket:", 7) == 0;
		}
	}
	if (d)
		closedir(d);
	return n;
}

/* ---- part 1: fetch_url, submit and result ----------------------------- */

struct page {
	char data[PAGE_MAX];
	size_t len;
};

static struct page fetched[2];

/* fetch_url(url): the whole reply, body and all, into fetched[i]. */
static int fetch_url(uint64_t i, uint64_t *result)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
		if (s >= 0)
			close(s);
		return WF_EUSER - 1; /* URLError */
	}
	char req[64];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\n\r\n", pages[i][0]);
	if (write(s, req, (size_t)n) < 0) {
		close(s);
		return WF_EUSER - 1;
	}
	struct page *p = &fetched[i];
	ssize_t got = 1;
	while (p->len < sizeof p->data - 1 && got > 0) {
		wf_fd_wait(reply[i], s, POLLIN, WF_FOREVER); /* the far server thinks */
		if ((got = read(s, p->data + p->len, sizeof p->data - 1 - p->len)) > 0)
			p->len += (size_t)got;
	}
	close(s);
	char *body = strstr(p->data, "\r\n\r\n");
	*result = body ? strlen(body + 4) : 0;
	return 0;
}

static void part_fetch(int *blocked_ms, uint64_t *x, uint64_t *y)
{
	wf_print("-- 1. pool.submit(fetch_url, url) twice, then a.result(), b.result()");
	wf_thread server[2];
	for (int i = 0; i < 2; i++)
		wf_thread_spawn(&server[i], i ? "server-2" : "server-1", serve_one, NULL);
	wf_pool *pool = wf_pool_new("ThreadPoolExecutor-0", 10, 0);
	wf_pfuture *a = wf_pool_submit(pool, "fetch python.org", fetch_url, 0);
	wf_pfuture *b = wf_pool_submit(pool, "fetch pypy.org", fetch_url, 1);
	double t0 = wf_now();
	int ra = wf_pfuture_result(a, WF_FOREVER, x); /* blocks until the page is in */
	double waited = wf_now() - t0;
	int rb = wf_pfuture_result(b, WF_FOREVER, y);
	if (ra || rb)
		wf_print("a fetch failed (%d, %d)", ra, rb);
	for (int i = 0; i < 2; i++) {
		const char *body = strstr(fetched[i].data, "\r\n\r\n");
		wf_print("%c[:40] = %.40s  (%llu bytes of body)", i ? 'y' : 'x', body ? body + 4 : "",
			 (unsigned long long)(i ? *y : *x));
	}
	wf_print("main was blocked %.2f s in a.result()", waited);
	*blocked_ms = (int)(waited * 1000 + 0.5);
	wf_pool_shutdown(pool, true, false);
	for (int i = 0; i < 2; i++)
		wf_thread_join(&server[i]);
	close(listener);
	listener = -1;
}

/* ---- part 2: 001 way two, as_completed -------------------------------- */

static const char *const names[4] = {"admin", "root", "scott", "tiger"};

static int sayhello(uint64_t i, uint64_t *result)
{
	wf_print("%s say Hello to %s", wf_current_name(), names[i]);
	wf_sleep(1.0);
	*result = i;
	return 0;
}

static void part_as_completed(char *order, size_t size)
{
	wf_print("-- 2. ThreadPoolExecutor(2): submit sayhello for four names, then as_completed");
	double t0 = wf_now();
	bool inside = wf_param_is("inside", "on");
	wf_pool *pool = wf_pool_new("ThreadPoolExecutor-1", 2, 0);
	wf_pfuture *fs[4];
	for (int i = 0; i < 4; i++)
		fs[i] = wf_pool_submit(pool, names[i], sayhello, (uint64_t)i);
	if (!inside)
		wf_pool_shutdown(pool, true, false); /* the notes' loop comes after the with block */
	wf_as_completed *it = wf_as_completed_new(fs, 4, WF_FOREVER);
	wf_pfuture *f;
	order[0] = '\0';
	while (it && wf_as_completed_next(it, &f) == 0) {
		uint64_t i = 0;
		wf_pfuture_result(f, 0, &i);
		wf_print("MainThread get result : %s", names[i]);
		size_t len = strlen(order);
		snprintf(order + len, size - len, "%s%s", len ? "," : "", names[i]);
	}
	wf_as_completed_free(it);
	if (inside)
		wf_pool_shutdown(pool, true, false);
	wf_print("MainThread cost %d second", (int)(wf_now() - t0));
}

/* ---- part 3: 001 way one, done callbacks ------------------------------ */

struct task_log {
	char name[16];
	double duration;
	_Atomic int done_seq;  /* 1-based place among the callbacks, 0 until then */
};

static struct task_log tasks[MAX_TASKS / 2];
static _Atomic int callbacks, on_main;
static pthread_t main_thread;

static int handle(uint64_t t, uint64_t *result)
{
	wf_sleep(tasks[t].duration);
	wf_print("ran %s", tasks[t].name);
	*result = t;
	return 0;
}

/* result(res): the done callback, on whichever thread finished res. */
static void result_cb(wf_pfuture *f, void *arg)
{
	(void)arg;
	uint64_t t = 0;
	wf_pfuture_result(f, 0, &t);
	wf_print("result: %s's result", tasks[t].name);
	if (pthread_equal(pthread_self(), main_thread))
		atomic_fetch_add(&on_main, 1);
	atomic_store(&tasks[t].done_seq, atomic_fetch_add(&callbacks, 1) + 1);
}

/* random.randint(1, 5) from a seed (xorshift64*). */
static int randint(uint64_t *s, int lo, int hi)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return lo + (int)((*s * 2685821657736338717ull >> 33) % (uint64_t)(hi - lo + 1));
}

static void part_callbacks(long n, unsigned workers, bool *reordered)
{
	wf_print("-- 3. ThreadPoolExecutor(cpu_count() + 1 = %u): %ld tasks, each submitted twice, "
		 "a done callback on the second", workers, n);
	uint64_t seed = (uint64_t)wf_param_int("seed");
	if (seed == 0)
		seed = (uint64_t)getpid() * 2654435761u + 1;
	for (long i = 0; i < n; i++) {
		snprintf(tasks[i].name, sizeof tasks[i].name, "task_%d", (int)(i + 1));
		tasks[i].duration = randint(&seed, 1, 5);
	}
	wf_pool *pool = wf_pool_new("ThreadPoolExecutor-2", workers, 0);
	for (long i = 0; i < n; i++) {
		char name[24];
		snprintf(name, sizeof name, "%s", tasks[i].name);
		wf_pool_submit(pool, name, handle, (uint64_t)i); /* the notes' first, discarded */
		wf_pfuture *f = wf_pool_submit(pool, name, handle, (uint64_t)i);
		wf_pfuture_add_done_callback(f, result_cb, NULL);
	}
	wf_pool_shutdown(pool, true, false);
	wf_print("main program done");
	*reordered = false;
	for (long i = 0; i < n; i++)
		*reordered = *reordered || atomic_load(&tasks[i].done_seq) != i + 1;
}

static void run(void)
{
	main_thread = pthread_self();
	int sockets_before = open_sockets();
	if (server_up() != 0) {
		wf_print("the loopback server could not start");
		return;
	}
	wf_print("server listening on 127.0.0.1:%u", port);
	int blocked_ms = 0;
	uint64_t x = 0, y = 0;
	part_fetch(&blocked_ms, &x, &y);

	char order[64];
	part_as_completed(order, sizeof order);

	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned workers = (unsigned)(wf_param_int("workers") ? wf_param_int("workers")
							       : (cpus > 0 ? cpus : 1) + 1);
	bool reordered = false;
	long n = wf_param_int("tasks");
	part_callbacks(n, workers, &reordered);

	int sockets_left = open_sockets() - sockets_before;
	wf_result("fetched=%llu,%llu result_blocked_ms=%d as_completed=%s", (unsigned long long)x,
		  (unsigned long long)y, blocked_ms, order);
	wf_result("callbacks=%d callbacks_on_main=%d completion_reordered=%s workers=%u sockets_left=%d",
		  atomic_load(&callbacks), atomic_load(&on_main), reordered ? "yes" : "no", workers,
		  sockets_left);
}

static const struct wf_param params[] = {
	{"tasks", NULL, "19", 1, MAX_TASKS / 2, "part 3's tasks (task_1 .. task_19)"},
	{"workers", NULL, "0", 0, WF_POOL_MAX_WORKERS, "part 3's threads (0: cpu_count() + 1)"},
	{"seed", NULL, "0", 0, 1000000, "part 3's random durations (0: a new one each run)"},
	{"latency_ms", NULL, "1000", 0, 10000, "how long the loopback server takes to answer"},
	{"inside", "off|on", "off", 0, 0, "part 2: as_completed inside the with block"},
};

const struct wf_lesson lesson_futures = {
	.id = "futures",
	.track = "threads",
	.title_en = "Thread pool futures",
	.title_zh = "线程池与 Future",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
