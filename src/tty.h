/* tty.h - the caller's terminal: saved before a run and restored after it,
 * and, when the jail gets a terminal of its own (a pty made inside the
 * jail), put in raw mode so that every key reaches the jail's terminal. */
#ifndef CAPEJAIL_TTY_H
#define CAPEJAIL_TTY_H

#include <stdbool.h>
#include <termios.h>

#include "err.h"

struct tty_state {
	bool have_tty; /* fd is a terminal, its settings in tio */
	int fd;	       /* the first of fds 0-2 that is a terminal */
	struct termios tio;
	int ldisc; /* its line discipline, -1 if unknown */
	int excl;  /* its exclusive mode (TIOCEXCL), -1 if unknown */
	int fl[3]; /* file status flags of fds 0-2 */
	bool raw;  /* we put it in raw mode */
};

/* Before the run. */
void tty_save(struct tty_state *t);

/* After the run: what the program (or raw mode) changed goes back. Without
 * a pty of its own the program holds the caller's terminal as it is (as fd
 * 0, or as fds 1 and 2): its settings, line discipline, exclusive mode and
 * stopped output (tcflow TCOOFF) are undone. */
void tty_restore(struct tty_state *t);

/* Does the run get a pty of its own? When fd 0 is a terminal and fd 1 or 2
 * is one too: an interactive run. Then the jail's program has its own
 * terminal, and its Ctrl-C, Ctrl-Z, window size and TIOCSTI stay in it. */
bool tty_wants_pty(void);

/* Raw mode on fd 0 while a pty is relayed, only from the foreground (from
 * the background tcsetattr would stop us with SIGTTOU); tty_cooked undoes
 * it (when capejail stops with the program). */
void tty_raw(struct tty_state *t);
void tty_cooked(struct tty_state *t);

/* The jail's pty (its master, master) starts with the caller's terminal
 * settings and window size; tty_winsize follows a SIGWINCH. */
void tty_setup_pty(const struct tty_state *t, int master);
void tty_winsize(int master);

/* In the jail (PID 1, as the jail's user): a pty of the jail's devpts,
 * made PID 1's controlling terminal. The master goes to capejail, which
 * relays the caller's terminal to it; the slave stays for the program. */
int tty_open_pty(int *master, int *slave, struct cj_err *err);

#endif
