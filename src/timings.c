/* timings.c - --timings (see timings.h). */
#define _GNU_SOURCE
#include "timings.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

#define MAX_MARKS 64
#define STEP_MAX  24

enum { BY_CAPEJAIL, BY_INIT };

static struct mark {
	char step[STEP_MAX];
	int who;
	uint64_t at;   /* CLOCK_MONOTONIC, ns */
	uint64_t took; /* ns since the previous mark of the same process */
} marks[MAX_MARKS];

static size_t n_marks;
static bool on;
static uint64_t start, last;
static int self = BY_CAPEJAIL;

uint64_t timings_now(void)
{
	struct timespec t;

	/* Cannot fail with a valid clock and pointer; 0 if it ever does. */
	if (clock_gettime(CLOCK_MONOTONIC, &t) < 0)
		return 0;
	return (uint64_t)t.tv_sec * 1000000000U + (uint64_t)t.tv_nsec;
}

void timings_enable(uint64_t start_ns)
{
	on = true;
	start = last = start_ns;
}

static void add(const char *step, int who, uint64_t at, uint64_t took)
{
	struct mark *m;

	if (n_marks == MAX_MARKS)
		return;
	m = &marks[n_marks++];
	(void)snprintf(m->step, sizeof(m->step), "%s", step);
	m->who = who;
	m->at = at;
	m->took = took;
}

void timings_mark(const char *step)
{
	uint64_t t;

	if (!on)
		return;
	t = timings_now();
	add(step, self, t, t - last);
	last = t;
}

void timings_enter_init(void)
{
	if (!on)
		return;
	n_marks = 0;
	self = BY_INIT;
	last = timings_now();
}

size_t timings_encode(char *buf, size_t cap, size_t *from)
{
	size_t len = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (; on && *from < n_marks; (*from)++) {
		const struct mark *m = &marks[*from];
		int n = snprintf(buf + len, cap - len, "%s %llu %llu\n",
				 m->step, (unsigned long long)m->at,
				 (unsigned long long)m->took);

		if (n < 0 || (size_t)n >= cap - len) {
			buf[len] = '\0'; /* whole lines only */
			break;
		}
		len += (size_t)n;
	}
	return len;
}

/* A step name as capejail writes them: lower case, digits and '-'. The
 * text comes from the jail, so nothing else reaches the terminal. */
static bool plain(const char *s, size_t n)
{
	if (n == 0 || n >= STEP_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

void timings_add_init(const char *text)
{
	const char *p = text;

	while (on && *p != '\0') {
		const char *end = strchr(p, '\n');
		size_t n = strcspn(p, " \n");
		char step[STEP_MAX], *q;
		unsigned long long at, took;

		if (end == NULL)
			return;
		if (!plain(p, n) || p[n] != ' ')
			return;
		(void)snprintf(step, sizeof(step), "%.*s", (int)n, p);
		at = strtoull(p + n + 1, &q, 10);
		if (*q != ' ')
			return;
		took = strtoull(q + 1, &q, 10);
		if (q != end || at < start)
			return;
		add(step, BY_INIT, at, took);
		p = end + 1;
	}
}

static int by_time(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

void timings_print(void)
{
	if (!on)
		return;
	qsort(marks, n_marks, sizeof(*marks), by_time);
	for (size_t i = 0; i < n_marks; i++)
		(void)fprintf(
		    stderr,
		    "capejail: timing: %-8s %-14s %7llu us (at %llu "
		    "us)\n",
		    marks[i].who == BY_INIT ? "init" : "capejail",
		    marks[i].step, (unsigned long long)(marks[i].took / 1000),
		    (unsigned long long)((marks[i].at - start) / 1000));
}
