/* tty.c - the caller's terminal (tty.h). */
#define _GNU_SOURCE
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "banned.h"

void tty_save(struct tty_state *t)
{
	memset(t, 0, sizeof(*t));
	t->fd = 0;
	while (t->fd < 2 && !isatty(t->fd))
		t->fd++;
	t->have_tty = isatty(t->fd) && tcgetattr(t->fd, &t->tio) == 0;
	if (!t->have_tty || ioctl(t->fd, TIOCGETD, &t->ldisc) < 0)
		t->ldisc = -1;
	if (!t->have_tty || ioctl(t->fd, TIOCGEXCL, &t->excl) < 0)
		t->excl = -1;
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

static bool foreground(int fd)
{
	return tcgetpgrp(fd) == getpgrp();
}

void tty_restore(struct tty_state *t)
{
	struct termios now;
	sigset_t ttou, old;
	int ldisc;

	/* Best effort, after the run: the status is already decided. What
	 * no program leaves behind on a shared terminal (its line discipline,
	 * exclusive mode, stopped output) goes back even from the background
	 * (SIGTTOU blocked, so it does not stop us); its settings only from
	 * the foreground, and only if they changed. Output first: a TCSADRAIN
	 * on a terminal whose output is stopped never returns. */
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	if (t->have_tty && sigprocmask(SIG_BLOCK, &ttou, &old) == 0) {
		if (t->ldisc >= 0 && ioctl(t->fd, TIOCGETD, &ldisc) == 0 &&
		    ldisc != t->ldisc)
			(void)ioctl(t->fd, TIOCSETD, &t->ldisc);
		if (t->excl == 0)
			(void)ioctl(t->fd, TIOCNXCL);
		(void)tcflow(t->fd, TCOON);
		if (foreground(t->fd) && tcgetattr(t->fd, &now) == 0 &&
		    termios_differ(&now, &t->tio))
			(void)tcsetattr(t->fd, TCSADRAIN, &t->tio);
		(void)sigprocmask(SIG_SETMASK, &old, NULL);
	}
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

	if (!t->have_tty || t->fd != 0 || t->raw || !foreground(0))
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
	if (t->have_tty && t->fd == 0)
		(void)tcsetattr(master, TCSANOW, &t->tio);
	tty_winsize(master);
}

void tty_winsize(int master)
{
	struct winsize ws;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(master, TIOCSWINSZ, &ws);
}

/* The jail's own terminal, made in its devpts by the jail's user (so the
 * program owns it, as a login owns its tty), and the caller's controlling
 * terminal (init leads the jail's session). */
int tty_open_pty(int *master, int *slave, struct cj_err *err)
{
	int unlock = 0;

	*master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/dev/ptmx");
	if (ioctl(*master, TIOCSPTLCK, &unlock) < 0 ||
	    (*slave = ioctl(*master, TIOCGPTPEER,
			    O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "the jail's terminal");
		(void)close(*master);
		return -1;
	}
	if (ioctl(*slave, TIOCSCTTY, 0) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "the jail's controlling terminal");
		(void)close(*master);
		(void)close(*slave);
		return -1;
	}
	return 0;
}
