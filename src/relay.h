/* relay.h - the jail's pty relayed to the caller's terminal, and capejail's
 * own lines on stderr. */
#ifndef CAPEJAIL_RELAY_H
#define CAPEJAIL_RELAY_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct tty_state;

struct relay {
	struct tty_state *tty; /* the caller's terminal (tty.h) */
	int pty;	       /* the jail's pty's master, -1 if none */
	int out_fd;	       /* the caller's terminal to write to: 1 or 2 */
	bool in_open;	       /* fd 0 still read */
	char in[4096];	       /* read from fd 0, not yet written to the pty */
	size_t in_len, in_off;
};

/* Set while a pty is relayed (the caller's terminal in raw mode). */
extern volatile sig_atomic_t relay_active;

/* Start relaying master (the jail's pty, sent by its init): non-blocking,
 * with the caller's settings and size, the caller's terminal raw. */
void relay_start(struct relay *r, struct tty_state *tty, int master);

/* What the jail's terminal wrote, to the caller's: 1 if it wrote, 0 if
 * nothing is there now, -1 when the pty is done. */
int relay_out(struct relay *r);

/* Keys from the caller's terminal (fd 0, when readable), to the jail's. */
void relay_in(struct relay *r, bool readable);

/* The last of the pty's output, then the caller's terminal as it was. */
void relay_end(struct relay *r);

/* One line of capejail's own (ending in a line feed, with room for one
 * byte more in cap) on stderr, given up after a second if the jail holds
 * stderr full. */
void relay_say(char *line, size_t cap);

#endif
