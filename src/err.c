/* err.c - filling struct cj_err. */
#define _GNU_SOURCE
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static void fill(struct cj_err *err, int status, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void fill(struct cj_err *err, int status, const char *fmt, va_list ap)
{
	err->status = status;
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int cj_fail(struct cj_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(err, status, fmt, ap);
	va_end(ap);
	return -1;
}

int cj_fail_errno(struct cj_err *err, int status, int errnum, const char *fmt,
		  ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	fill(err, status, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	(void)snprintf(err->msg + len, sizeof(err->msg) - len, ": %s",
		       strerror(errnum));
	return -1;
}

const char *errno_name(int e)
{
	static char buf[32];
	const char *n = strerrorname_np(e);

	if (n != NULL)
		return n;
	(void)snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

void cj_warn(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = snprintf(line, sizeof(line), "capejail: warning: ");

	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		(void)vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write: the line stays whole beside the jail's own output. */
	(void)fprintf(stderr, "%s\n", line);
}
