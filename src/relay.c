/* relay.c - the jail's own terminal (a pty made in the jail), relayed by
 * capejail to the caller's, and capejail's own lines written so that they
 * read well while the caller's terminal is in raw mode. */
#define _GNU_SOURCE
#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tty.h"
#include "util.h"

#include "banned.h"

/* Read by capejail's signal handlers (SIGWINCH) and relay_say. */
volatile sig_atomic_t relay_active;

/* One line of capejail's own on stderr (line ends in a line feed). While
 * the caller's terminal is in raw mode (relaying the jail's pty) a line
 * feed does not return the carriage: end the line with both. The jail may
 * hold the same stderr and keep it from taking more (a full pipe, a
 * terminal whose output it stopped): the line is then given up after a
 * second, and the count in --report stays capejail's account. */
void relay_say(char *line, size_t cap)
{
	size_t n = strnlen(line, cap);

	if (relay_active && n > 0 && n + 1 < cap && line[n - 1] == '\n' &&
	    isatty(2)) {
		line[n - 1] = '\r';
		line[n++] = '\n';
	}
	(void)write_all_within(2, line, n, 1000);
}

/* The jail's pty: its master is ours to relay, without blocking (a
 * program that does not read its input must not stall capejail, which
 * also answers its syscalls). */
void relay_start(struct relay *r, struct tty_state *tty, int master)
{
	int fl = fcntl(master, F_GETFL);

	if (fl < 0 || fcntl(master, F_SETFL, fl | O_NONBLOCK) < 0) {
		(void)close(master);
		return;
	}
	r->tty = tty;
	r->pty = master;
	r->out_fd = isatty(1) ? 1 : 2;
	r->in_open = isatty(0);
	tty_setup_pty(r->tty, master);
	tty_raw(r->tty);
	relay_active = 1;
}

/* What the jail's terminal wrote, to the caller's: 1 if it wrote, 0 if
 * nothing is there now, -1 when the pty is done (every slave closed: EIO). */
int relay_out(struct relay *r)
{
	char buf[8192];
	ssize_t n = read(r->pty, buf, sizeof(buf));

	if (n > 0) {
		(void)write_all(r->out_fd, buf, (size_t)n);
		return 1;
	}
	return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
}

/* Keys from the caller's terminal, to the jail's. */
void relay_in(struct relay *r, bool readable)
{
	if (r->in_len == 0 && readable) {
		ssize_t n = read(0, r->in, sizeof(r->in));

		if (n > 0) {
			r->in_len = (size_t)n;
			r->in_off = 0;
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			r->in_open = false; /* hung up */
		}
	}
	while (r->in_len > 0) {
		ssize_t n = write(r->pty, r->in + r->in_off, r->in_len);

		if (n <= 0)
			break; /* full: poll says when it drains */
		r->in_off += (size_t)n;
		r->in_len -= (size_t)n;
	}
}

void relay_end(struct relay *r)
{
	if (r->pty < 0)
		return;
	while (relay_out(r) > 0)
		;
	relay_active = 0;
	tty_cooked(r->tty);
	(void)close(r->pty);
	r->pty = -1;
}
