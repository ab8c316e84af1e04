/*
 * coro_stack.c - guarded coroutine stacks and the overflow report (see
 * coro_stack.h).
 *
 * Invariants: the handler reads only the faulting thread's own thread-local
 * coro_stack_now (written by that thread around each switch; a fault inside
 * a coroutine comes after its stores), and calls only
 * async-signal-safe functions.  Alternate stacks are freed when their
 * thread ends (a pthread key destructor), after being disabled.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "coro_stack.h"

#define ALT_STACK_SIZE (64 * 1024)

_Thread_local struct coro_stack_now coro_stack_now;
static _Thread_local void *alt_stack; /* ours, if this thread needed one */
static struct sigaction previous;    /* SIGSEGV's action before ours */
static pthread_mutex_t handler_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t alt_key;

static size_t page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);
	return p > 0 ? (size_t)p : 4096;
}

int coro_stack_new(struct coro_stack *s, size_t size)
{
	size_t page = page_size();
	size = (size + page - 1) & ~(page - 1);
	size_t guard = (CORO_GUARD_SIZE + page - 1) & ~(page - 1);
	void *p = mmap(NULL, guard + size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	if (mprotect(p, guard, PROT_NONE) < 0) {
		int e = errno;
		munmap(p, guard + size);
		errno = e;
		return -1;
	}
	*s = (struct coro_stack){p, guard + size, (unsigned char *)p + guard, size};
	return 0;
}

void coro_stack_free(struct coro_stack *s)
{
	if (s->map)
		munmap(s->map, s->map_size);
	*s = (struct coro_stack){0};
}

/* Appends the decimal digits of n to buf at *at (signal-safe). */
static void put_number(char *buf, size_t *at, size_t n)
{
	char digits[24];
	size_t k = 0;
	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n && k < sizeof digits);
	while (k)
		buf[(*at)++] = digits[--k];
}

static void put_text(char *buf, size_t *at, size_t room, const char *s)
{
	while (*s && *at < room)
		buf[(*at)++] = *s++;
}

static void on_segv(int sig, siginfo_t *info, void *uctx)
{
	int saved = errno;
	const struct coro_stack *s = coro_stack_now.stack;
	uintptr_t addr = (uintptr_t)info->si_addr;
	if (s && addr >= (uintptr_t)s->map && addr < (uintptr_t)s->base) {
		char msg[160];
		size_t at = 0;
		put_text(msg, &at, 100, "weft: coroutine ");
		put_text(msg, &at, 100, coro_stack_now.name ? coro_stack_now.name : "?");
		put_text(msg, &at, 100, " overflowed its ");
		put_number(msg, &at, s->size / 1024);
		put_text(msg, &at, sizeof msg - 2, " KiB stack (hit the guard page)\n");
		ssize_t w = write(STDERR_FILENO, msg, at);
		(void)w;
		signal(SIGSEGV, SIG_DFL); /* the retried access kills us, by SIGSEGV */
		errno = saved;
		return;
	}
	/* Not ours: hand it to whoever handled SIGSEGV before. */
	if (previous.sa_flags & SA_SIGINFO) {
		if (previous.sa_sigaction) {
			previous.sa_sigaction(sig, info, uctx);
			errno = saved;
			return;
		}
	} else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
		previous.sa_handler(sig);
		errno = saved;
		return;
	}
	signal(SIGSEGV, SIG_DFL);
	errno = saved;
}

static void alt_stack_free(void *p)
{
	stack_t off = {.ss_flags = SS_DISABLE};
	sigaltstack(&off, NULL);
	munmap(p, ALT_STACK_SIZE);
}

static void make_key(void)
{
	pthread_key_create(&alt_key, alt_stack_free);
}

void coro_stack_handler(void)
{
	pthread_mutex_lock(&handler_lock);
	struct sigaction cur;
	if (sigaction(SIGSEGV, NULL, &cur) == 0 &&
	    !((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_segv)) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_segv;
		sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGSEGV, &sa, NULL) == 0)
			previous = cur;
	}
	pthread_mutex_unlock(&handler_lock);
}

void coro_stack_arm(void)
{
	if (alt_stack)
		return;
	pthread_once(&key_once, make_key);
	stack_t cur;
	if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) {
		alt_stack = cur.ss_sp; /* someone (a sanitizer) gave it one */
		return;
	}
	void *p = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	stack_t st = {.ss_sp = p, .ss_size = ALT_STACK_SIZE, .ss_flags = 0};
	if (sigaltstack(&st, NULL) < 0) {
		munmap(p, ALT_STACK_SIZE);
		return;
	}
	alt_stack = p;
	pthread_setspecific(alt_key, p);
}

