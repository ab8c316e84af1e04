/*
 * signals.c - see signals.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"

static int self_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	if (write(self_pipe[1], &b, 1) < 0) {
		/* full: a signal is already waiting to be read */
	}
	errno = saved;
}

int signals_install(void)
{
	if (self_pipe[0] < 0 && pipe2(self_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	for (size_t i = 0; i < sizeof caught / sizeof *caught; i++)
		sigaction(caught[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int signals_fd(void)
{
	return self_pipe[0];
}

int signals_next(void)
{
	unsigned char b;
	return read(self_pipe[0], &b, 1) == 1 ? b : 0;
}
