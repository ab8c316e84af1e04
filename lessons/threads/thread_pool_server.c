/*
 * thread-pool-server - an echo server whose fixed pool of worker threads
 * takes accepted connections from a queue.
 *
 * Python: the notes' echo_server(addr, nworkers): nworkers threads each
 * running echo_client(q), which gets (sock, addr) from a Queue, prints
 * `Got connection from`, echoes until the peer closes, prints `Client
 * closed connection`; the server thread only accepts and puts.  The notes
 * start no client; here `clients` client threads connect at once, send a
 * line, read the echo and hold the connection `hold_ms` before closing, so
 * a client beyond the pool waits until a worker is free.
 *
 * The notes' echo_client gets one connection and then ends, so each worker
 * serves one client in its life and client nworkers+1 is never answered.
 * Weft's workers loop (the fix); `worker_loop=off` is the notes' code, and
 * its clients give up after `patience_ms`.
 *
 * Invariants: the queue carries (fd << 16 | peer port); UINT64_MAX tells a
 * worker to stop.  A worker owns a connection's fd from its get to its
 * close; a client owns its own.  run() shuts the listening socket down
 * (accept() then fails and the server ends), sends one stop per worker,
 * joins everyone, and checks the process holds as many fds as it began
 * with and that nothing listens on the port any more.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define MAX_WORKERS 32
#define MAX_CLIENTS 32
#define STOP UINT64_MAX

static wf_queue *pending;
static int listen_fd = -1;
static struct sockaddr_in addr;
static wf_fd *at_accept, *at_recv, *at_echo; /* where each wait shows on the lanes */
static double hold, patience;
static bool one_shot; /* the notes' worker: one connection, then it ends */
static atomic_int busy, max_busy, served, closed;
static double waited_s[MAX_CLIENTS]; /* each client's wait for its echo */

static void echo_client(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t item;
		wf_queue_get(pending, &item, WF_FOREVER);
		if (item == STOP)
			return;
		int sock = (int)(item >> 16);
		int now = atomic_fetch_add(&busy, 1) + 1;
		for (int m = atomic_load(&max_busy); now > m && !atomic_compare_exchange_weak(&max_busy, &m, now);)
			;
		atomic_fetch_add(&served, 1);
		wf_print("Got connection from ('127.0.0.1', %u)  (busy workers: %d, pending: %u)",
			 (unsigned)(item & 0xffff), now, wf_queue_depth(pending));
		char buf[65536];
		ssize_t n;
		while (wf_fd_wait(at_recv, sock, POLLIN, WF_FOREVER) > 0 && (n = recv(sock, buf, sizeof buf, 0)) > 0)
			if (send(sock, buf, (size_t)n, MSG_NOSIGNAL) != n)
				break;
		wf_print("Client closed connection");
		close(sock);
		atomic_fetch_add(&closed, 1);
		atomic_fetch_sub(&busy, 1);
		if (one_shot) {
			wf_print("echo_client returns: this worker takes no other connection");
			return;
		}
	}
}

static void echo_server(void *arg)
{
	(void)arg;
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof peer;
		if (wf_fd_wait(at_accept, listen_fd, POLLIN, WF_FOREVER) < 0)
			break;
		int c = accept4(listen_fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break; /* shut down */
		}
		wf_queue_put(pending, (uint64_t)c << 16 | ntohs(peer.sin_port), WF_FOREVER);
		wf_print("accepted port %u, put on the queue (pending: %u)", ntohs(peer.sin_port),
			 wf_queue_depth(pending));
	}
	wf_print("server: shut down");
}

/* Reads up to `want` bytes until the lesson time `deadline`; the bytes read. */
static ssize_t recv_until(int s, char *buf, size_t want, double deadline)
{
	size_t got = 0;
	double left;
	while (got < want && (left = deadline - wf_now()) > 0) {
		if (wf_fd_wait(at_echo, s, POLLIN, left) <= 0)
			break;
		ssize_t r = recv(s, buf + got, want - got, 0);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static void client(void *arg)
{
	int i = (int)(intptr_t)arg;
	double t0 = wf_now(); /* a full accept queue delays connect() itself */
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) < 0) {
		wf_print("client %d: cannot connect: %s", i + 1, strerror(errno));
		if (s >= 0)
			close(s);
		waited_s[i] = -1;
		return;
	}
	char line[32], echo[32];
	int len = snprintf(line, sizeof line, "hello from client %d", i + 1);
	ssize_t got = 0;
	if (send(s, line, (size_t)len, MSG_NOSIGNAL) == len)
		got = recv_until(s, echo, (size_t)len, t0 + patience);
	waited_s[i] = wf_now() - t0;
	echo[got] = '\0';
	if (got < len) {
		waited_s[i] = -1;
		wf_print("client %d: no echo after %.1f s: no worker took the connection", i + 1,
			 wf_now() - t0);
	} else {
		wf_print("client %d: echo '%s' after %.2f s", i + 1, echo, wf_now() - t0);
		if (hold > 0)
			wf_sleep(hold);
	}
	close(s);
}

static int start_listening(void)
{
	listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof addr;
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
	    listen(listen_fd, 5) < 0 || getsockname(listen_fd, (struct sockaddr *)&addr, &len) < 0) {
		wf_print("cannot listen on 127.0.0.1: %s", strerror(errno));
		if (listen_fd >= 0)
			close(listen_fd);
		return -1;
	}
	return 0;
}

static void run(void)
{
	int nworkers = (int)wf_param_int("workers");
	int nclients = (int)wf_param_int("clients");
	hold = (double)wf_param_int("hold_ms") / 1000.0;
	patience = (double)wf_param_int("patience_ms") / 1000.0;
	one_shot = wf_param_is("worker_loop", "off");
	atomic_store(&busy, 0);
	atomic_store(&max_busy, 0);
	atomic_store(&served, 0);
	atomic_store(&closed, 0);
	int fds_before = wf_fd_count();
	pending = wf_queue_new("q", MAX_CLIENTS + MAX_WORKERS, 0);
	at_accept = wf_fd_new("accept");
	at_recv = wf_fd_new("recv");
	at_echo = wf_fd_new("echo");
	if (!pending || !at_accept || !at_recv || !at_echo || start_listening() < 0)
		return;
	unsigned port = ntohs(addr.sin_port);
	wf_print("echo server on 127.0.0.1:%u, %d workers, %d clients", port, nworkers, nclients);

	wf_thread workers[MAX_WORKERS], clients[MAX_CLIENTS], server;
	char name[24];
	for (int i = 0; i < nworkers; i++) {
		snprintf(name, sizeof name, "worker-%d", i + 1);
		wf_thread_spawn(&workers[i], name, echo_client, NULL);
	}
	wf_thread_spawn(&server, "server", echo_server, NULL);
	for (int i = 0; i < nclients; i++) {
		snprintf(name, sizeof name, "client-%d", i + 1);
		wf_thread_spawn(&clients[i], name, client, (void *)(intptr_t)i);
	}
	for (int i = 0; i < nclients; i++)
		wf_thread_join(&clients[i]);

	wf_print("main: every client is done; shutting the server down");
	shutdown(listen_fd, SHUT_RDWR);
	wf_thread_join(&server);
	close(listen_fd);
	int unserved = 0;
	uint64_t item;
	while (wf_queue_get(pending, &item, 0) == 0) {
		close((int)(item >> 16));
		unserved++;
	}
	if (unserved)
		wf_print("main: closed %d connection%s no worker took", unserved, unserved == 1 ? "" : "s");
	for (int i = 0; i < nworkers; i++)
		wf_queue_put(pending, STOP, WF_FOREVER);
	for (int i = 0; i < nworkers; i++)
		wf_thread_join(&workers[i]);

	int waited = 0;
	for (int i = 0; i < nclients; i++)
		waited += hold > 0 && waited_s[i] >= hold / 2;
	int fds_after = wf_fd_count();
	int listening = wf_fd_listening(port);
	wf_print("main: %d client%s waited for a free worker; %d fds before, %d after; %d listening",
		 waited, waited == 1 ? "" : "s", fds_before, fds_after, listening);
	wf_result("clients=%d workers=%d served=%d closed=%d unserved=%d waited=%d max_busy=%d "
		  "fds_before=%d fds_after=%d listening=%d",
		  nclients, nworkers, atomic_load(&served), atomic_load(&closed), unserved, waited,
		  atomic_load(&max_busy), fds_before, fds_after, listening);
}

static const struct wf_param params[] = {
	{"workers", NULL, "4", 1, MAX_WORKERS, "worker threads in the pool (the notes start 128)"},
	{"clients", NULL, "6", 1, MAX_CLIENTS, "client threads that connect at once"},
	{"hold_ms", NULL, "1000", 0, 10000, "milliseconds a client keeps its connection after the echo"},
	{"patience_ms", NULL, "5000", 100, 60000, "milliseconds a client waits for its echo"},
	{"worker_loop", "on|off", "on", 0, 0, "off: the notes' worker, one connection and it ends"},
};

const struct wf_lesson lesson_thread_pool_server = {
	.id = "thread-pool-server",
	.track = "threads",
	.title_en = "A thread-pool echo server",
	.title_zh = "线程池回显服务器",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
