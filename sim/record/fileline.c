/*
 * fileline.c - see fileline.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileline.h"
#include "oneline.h"

int fileline_verror(char *err, size_t size, const char *name, size_t line, const char *fmt,
		    va_list ap)
{
	char why[256];
	vsnprintf(why, sizeof why, fmt, ap);
	snprintf(err, size, "%s:%zu: %s", name, line, why);
	oneline(err);
	return -1;
}

static const char *kind_of(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device"
	       : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

int fileline_open(const char *path, unsigned long long max, const char *what, char *err,
		  size_t size)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, size, "%s: %s", path, strerror(errno));
		oneline(err);
		return -1;
	}
	struct stat st = {0};
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, size, "%s: %s, not %s", path, kind_of(st.st_mode), what);
		oneline(err);
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > max) {
		bool mib = max >= 1u << 20;
		snprintf(err, size, "%s: %llu bytes, larger than the %llu %s %s may be", path,
			 (unsigned long long)st.st_size, mib ? max >> 20 : max >> 10, mib ? "MiB" : "KiB",
			 what);
		oneline(err);
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
