/*
 * thread-local - one connection object, one socket per thread.
 *
 * Python: the notes' LazyConnection keeps its socket in threading.local(),
 * so two threads entering `with conn as s:` on the same object each get a
 * socket of their own; entering again in the same thread raises
 * RuntimeError('Already connected').  Each thread sends an HTTP/1.0 GET in
 * three pieces, reads to the end and prints `Got 392 bytes`.
 *
 * The notes ask www.python.org; here a server thread on 127.0.0.1 (an
 * ephemeral port) answers every complete request with the same fixed
 * 392-byte reply, so the count is the notes' and nothing leaves the
 * machine.  threading.local() is a pthread key made per connection object:
 * each thread's value under the key is its own socket (fd + 1; NULL when
 * not connected).
 *
 * Invariants: a socket is closed by the thread that opened it (on the way
 * out of the `with`), the server's by the server; run() shuts the server
 * down, then checks that the process has as many fds as it started with
 * and that nothing listens on the port any more.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

/* The answer to every request: a redirect, as www.python.org sent one. */
static const char reply[] = "HTTP/1.1 301 Moved Permanently\r\n"
			    "Server: weft-loopback\r\n"
			    "Retry-After: 0\r\n"
			    "Location: https://www.python.org/index.html\r\n"
			    "Content-Length: 0\r\n"
			    "Accept-Ranges: bytes\r\n"
			    "Date: Tue, 01 Dec 2026 09:00:00 GMT\r\n"
			    "Via: 1.1 varnish\r\n"
			    "Connection: close\r\n"
			    "X-Served-By: cache-lax-01\r\n"
			    "X-Cache: HIT\r\n"
			    "X-Cache-Hits: 0\r\n"
			    "X-Timer: S1700000000.000000,VS0,VE0\r\n"
			    "Strict-Transport-Security: max-age=63072000; includeSubDomains\r\n"
			    "\r\n";
_Static_assert(sizeof reply - 1 == 392, "the notes' reply is 392 bytes");

struct lazy_conn {
	struct sockaddr_in addr;
	pthread_key_t local; /* threading.local(): this thread's socket, as fd + 1 */
};

static struct lazy_conn conn;
static int listen_fd = -1;
static wf_fd *at_accept, *at_request, *at_reply; /* where each wait shows on the lanes */
static int served; /* requests answered; server thread only until joined */
static long got[2];

/* __enter__: this thread's own new connected socket, or -1 with *why. */
static int conn_enter(struct lazy_conn *c, const char **why)
{
	if (pthread_getspecific(c->local)) {
		*why = "RuntimeError: Already connected";
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&c->addr, sizeof c->addr) < 0) {
		*why = strerror(errno);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	pthread_setspecific(c->local, (void *)(intptr_t)(fd + 1));
	return fd;
}

/* __exit__: closes this thread's socket and forgets it. */
static void conn_exit(struct lazy_conn *c)
{
	intptr_t v = (intptr_t)pthread_getspecific(c->local);
	if (v)
		close((int)v - 1);
	pthread_setspecific(c->local, NULL);
}

static bool send_all(int fd, const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* The notes' test(conn): a request in three sends, the reply read to EOF. */
static void test(void *arg)
{
	long *bytes = arg;
	const char *why = NULL;
	int s = conn_enter(&conn, &why);
	if (s < 0) {
		wf_print("connect failed: %s", why);
		return;
	}
	wf_print("with conn as s: connected, fd %d in this thread's slot", s);
	send_all(s, "GET /index.html HTTP/1.0\r\n");
	send_all(s, "Host: www.python.org\r\n");
	send_all(s, "\r\n");
	char buf[8192];
	long total = 0;
	ssize_t r;
	while (wf_fd_wait(at_reply, s, POLLIN, WF_FOREVER) > 0 && (r = recv(s, buf, sizeof buf, 0)) > 0)
		total += r;
	conn_exit(&conn);
	*bytes = total;
	wf_print("Got %ld bytes", total);
}

/* Answers each connection that sends a whole request, until shut down. */
static void server(void *arg)
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
		char req[1024];
		size_t have = 0;
		ssize_t r;
		while (have < sizeof req - 1 && wf_fd_wait(at_request, c, POLLIN, WF_FOREVER) > 0 &&
		       (r = recv(c, req + have, sizeof req - 1 - have, 0)) > 0) {
			have += (size_t)r;
			req[have] = '\0';
			if (strstr(req, "\r\n\r\n"))
				break;
		}
		req[have] = '\0';
		if (strstr(req, "\r\n\r\n") && send_all(c, reply)) {
			served++;
			wf_print("server: %zu-byte request from port %u, sent %zu bytes", have,
				 ntohs(peer.sin_port), sizeof reply - 1);
		} else {
			wf_print("server: port %u closed without a request", ntohs(peer.sin_port));
		}
		close(c);
	}
	wf_print("server: shut down");
}

static int start_server(void)
{
	listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	conn.addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof conn.addr;
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&conn.addr, sizeof conn.addr) < 0 ||
	    listen(listen_fd, 5) < 0 || getsockname(listen_fd, (struct sockaddr *)&conn.addr, &len) < 0) {
		wf_print("cannot listen on 127.0.0.1: %s", strerror(errno));
		if (listen_fd >= 0)
			close(listen_fd);
		return -1;
	}
	return 0;
}

static void run(void)
{
	int fds_before = wf_fd_count();
	served = 0;
	got[0] = got[1] = 0;
	at_accept = wf_fd_new("accept");
	at_request = wf_fd_new("request");
	at_reply = wf_fd_new("reply");
	if (!at_accept || !at_request || !at_reply || start_server() < 0 ||
	    pthread_key_create(&conn.local, NULL) != 0)
		return;
	unsigned port = ntohs(conn.addr.sin_port);
	wf_print("server listening on 127.0.0.1:%u", port);
	wf_thread srv, t1, t2;
	wf_thread_spawn(&srv, "server", server, NULL);
	wf_thread_spawn(&t1, "Thread-1", test, &got[0]);
	wf_thread_spawn(&t2, "Thread-2", test, &got[1]);
	wf_thread_join(&t1);
	wf_thread_join(&t2);

	/* The same object, twice in one thread: the second is refused. */
	const char *why = NULL;
	int refused = 0;
	int s = conn_enter(&conn, &why);
	if (s >= 0) {
		wf_print("main: with conn: connected, fd %d", s);
		if (conn_enter(&conn, &why) < 0) {
			refused = 1;
			wf_print("main: with conn again, same thread: %s", why);
		}
		conn_exit(&conn);
	}

	shutdown(listen_fd, SHUT_RDWR); /* accept() returns: the server ends */
	wf_thread_join(&srv);
	close(listen_fd);
	pthread_key_delete(conn.local);
	int fds_after = wf_fd_count();
	int listening = wf_fd_listening(port);
	wf_print("main: %d fds before, %d after; %d socket%s listening on port %u", fds_before,
		 fds_after, listening, listening == 1 ? "" : "s", port);
	wf_result("got1=%ld got2=%ld served=%d refused=%d fds_before=%d fds_after=%d listening=%d",
		  got[0], got[1], served, refused, fds_before, fds_after, listening);
}

const struct wf_lesson lesson_thread_local = {
	.id = "thread-local",
	.track = "threads",
	.title_en = "Thread-local storage: a socket per thread",
	.title_zh = "线程本地存储：每个线程一个连接",
	.run = run,
};
