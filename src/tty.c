/* tty.c - the caller's terminal (tty.h). */
#define _GNU_SOURCE
#include "tty.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "banned.h"

void tty_save(struct tty_state *t)
{
	memset(t, 0, sizeof(*t));
	t->have_tty = isatty(0) && tcgetattr(0, &t->tio) == 0;
	for (int fd = 0; fd < 3; fd++)
		t->fl[fd] = fcntl(fd, F_GETFL);
}

static bool termios_differ(const struct termios *a, const struct termios *b)
{
	return a->c_iflag != b->c_iflag || a->c_oflag != b->c_oflag ||
	       a->c_cflag != b->c_cflag || a->c_lflag != b->c_lflag ||
	       memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc)) != 0 ||
	       cfgetispeed(a) != cfgetispeed(b) ||
	       cfgetospeed(a) != cfgetospeed(b);
}

static bool foreground(void)
{
	return tcgetpgrp(0) == getpgrp();
}

void tty_restore(struct tty_state *t)
{
	struct termios now;

	/* Best effort, after the run: the status is already decided. Only
	 * what changed, and only from the foreground. */
	if (t->have_tty && foreground() && tcgetattr(0, &now) == 0 &&
	    termios_differ(&now, &t->tio))
		(void)tcsetattr(0, TCSADRAIN, &t->tio);
	t->raw = false;
	for (int fd = 0; fd < 3; fd++)
		if (t->fl[fd] >= 0)
			(void)fcntl(fd, F_SETFL, t->fl[fd]);
}

bool tty_wants_pty(void)
{
	return isatty(0) && (isatty(1) || isatty(2));
}

void tty_raw(struct tty_state *t)
{
	struct termios raw;

	if (!t->have_tty || t->raw || !foreground())
		return;
	raw = t->tio;
	cfmakeraw(&raw);
	if (tcsetattr(0, TCSADRAIN, &raw) == 0)
		t->raw = true;
}

void tty_cooked(struct tty_state *t)
{
	if (t->raw && tcsetattr(0, TCSADRAIN, &t->tio) == 0)
		t->raw = false;
}

void tty_setup_pty(const struct tty_state *t, int master)
{
	/* termios requests on a master act on its slave. */
	if (t->have_tty)
		(void)tcsetattr(master, TCSANOW, &t->tio);
	tty_winsize(master);
}

void tty_winsize(int master)
{
	struct winsize ws;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(master, TIOCSWINSZ, &ws);
}
