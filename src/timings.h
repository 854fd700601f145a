/* timings.h - --timings: how long each step of a launch took, on the
 * monotonic clock, in microseconds, one line per step on stderr.
 *
 * capejail marks its own steps as they end; the jail's PID 1 marks its own
 * (in its copy of this state, reset after the clone) and sends them to
 * capejail over the message channel once the program is started. capejail
 * prints both, in the order they happened, when the run is over, so the
 * program's own output is never interleaved with them. When --timings is
 * not given every call is a no-op. */
#ifndef CAPEJAIL_TIMINGS_H
#define CAPEJAIL_TIMINGS_H

#include <stddef.h>
#include <stdint.h>

/* Turn timings on; start is the moment capejail began (CLOCK_MONOTONIC,
 * ns), from which every "at" is counted. */
void timings_enable(uint64_t start_ns);

/* Now on CLOCK_MONOTONIC, ns. */
uint64_t timings_now(void);

/* The step named step (a string literal) ends now. */
void timings_mark(const char *step);

/* In the jail's PID 1, right after the clone: forget capejail's marks and
 * count the next step from now. */
void timings_enter_init(void);

/* PID 1's marks as text for a message: "STEP AT TOOK\n" lines (ns), as
 * many whole lines as fit in cap, from mark *from on, which it advances.
 * Returns the length: 0 when timings are off or every mark was sent. */
size_t timings_encode(char *buf, size_t cap, size_t *from);

/* capejail: take PID 1's marks from such a message. */
void timings_add_init(const char *text);

/* capejail, at the end: every mark on stderr, in time order, as
 * "capejail: timing: WHO STEP US us (at US us)". */
void timings_print(void);

#endif
