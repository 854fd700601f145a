/* mkroot_deb.c - --mkroot-from debootstrap: debootstrap --variant=minbase
 * SUITE DIR MIRROR, the suite and mirror the host's by default, then the
 * mount points and the jail's hostname. debootstrap is given a path to DIR
 * that only root can reach (a bind mount in a mount namespace of its own),
 * never DIR's path, which goes through a directory of someone else's. */
#define _GNU_SOURCE
#include "mkroot_int.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

extern char **environ;

/* --- debootstrap ------------------------------------------------------- */

/* The first mirror of the host's apt sources for suite. */
static void host_mirror(const char *suite, char *out, size_t size)
{
	static const char *const lists[] = {
	    "/etc/apt/sources.list", "/etc/apt/sources.list.d/*.list",
	    "/etc/apt/sources.list.d/*.sources"};

	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		glob_t g;

		if (glob(lists[i], 0, NULL, &g) != 0)
			continue;
		for (size_t j = 0; j < g.gl_pathc; j++) {
			struct cj_err why;
			char *text;
			size_t len;
			int rc;

			if (read_small_file(g.gl_pathv[j], 1U << 20, &text,
					    &len, &why) < 0)
				continue;
			rc = mkroot_apt_mirror(text, i == 2, suite, out, size);
			free(text);
			if (rc == 0) {
				globfree(&g);
				return;
			}
		}
		globfree(&g);
	}
	(void)snprintf(out, size, "%s", "http://deb.debian.org/debian");
}

int mk_deb_prepare(struct mk *mk, const struct mkroot_spec *ms,
		   struct mk_deb *deb)
{
	memset(deb, 0, sizeof(*deb));
	/* It runs as root, and so must capejail to give it a private path
	 * to DIR (below). */
	if (geteuid() != 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "--mkroot-from debootstrap needs root");
	/* sudo's and root's PATH have /usr/sbin; a user's may not. */
	if (mk_find_program(mk, "debootstrap", true, deb->prog) != 0)
		(void)snprintf(deb->prog, sizeof(deb->prog),
			       "/usr/sbin/debootstrap");
	if (access(deb->prog, X_OK) < 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "debootstrap not found (an optional "
			       "dependency: apt-get install debootstrap)");
	if (ms->suite != NULL) {
		(void)snprintf(deb->suite, sizeof(deb->suite), "%s", ms->suite);
	} else {
		struct cj_err why;
		char *text;
		size_t len;
		int rc;

		if (read_small_file("/etc/os-release", 1U << 16, &text, &len,
				    &why) < 0)
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "%s (give --mkroot-suite)", why.msg);
		rc = mkroot_os_codename(text, deb->suite, sizeof(deb->suite));
		free(text);
		if (rc < 0)
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "no VERSION_CODENAME in "
				       "/etc/os-release (give --mkroot-suite)");
	}
	if (ms->mirror != NULL)
		(void)snprintf(deb->mirror, sizeof(deb->mirror), "%s",
			       ms->mirror);
	else
		host_mirror(deb->suite, deb->mirror, sizeof(deb->mirror));
	if (ms->include != NULL)
		(void)snprintf(deb->include, sizeof(deb->include),
			       "--include=%s", ms->include);
	return 0;
}

/* The child: DIR (fd root) bind-mounted, in a mount namespace of its own,
 * at at (a directory only root can reach), then debootstrap. A path that
 * goes through DIR's parent could be swapped by the parent's owner for a
 * symlink, and root's writes would go where it points. */
static _Noreturn void run_debootstrap(const struct mk *mk,
				      const struct mk_deb *deb, const char *at)
{
	char *argv[8];
	size_t a = 0;
	/* A detached copy of DIR's mount, taken before the namespace is
	 * left (a bind from another namespace's mount is refused). */
	int tree = open_tree(
	    mk->root, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);

	if (tree < 0 || unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    move_mount(tree, "", AT_FDCWD, at, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		(void)fprintf(stderr,
			      "capejail: --mkroot %s: a private path for "
			      "debootstrap: %s\n",
			      mk->dir, strerror(errno));
		_exit(CJ_EXIT_SETUP);
	}
	argv[a++] = (char *)(uintptr_t)deb->prog;
	argv[a++] = (char *)(uintptr_t) "--variant=minbase";
	if (deb->include[0] != '\0')
		argv[a++] = (char *)(uintptr_t)deb->include;
	argv[a++] = (char *)(uintptr_t)deb->suite;
	argv[a++] = (char *)(uintptr_t)at;
	argv[a++] = (char *)(uintptr_t)deb->mirror;
	argv[a] = NULL;
	(void)execve(deb->prog, argv, environ);
	(void)fprintf(stderr, "capejail: --mkroot %s: %s: %s\n", mk->dir,
		      deb->prog, strerror(errno));
	_exit(CJ_EXIT_NOEXEC);
}

/* The last lines of debootstrap's log in DIR, to stderr: DIR is removed
 * after a failure, the log with it. */
static void show_log(const struct mk *mk)
{
	char buf[2048];
	ssize_t n = -1;
	int fd = mk_open_below(mk->root, "debootstrap/debootstrap.log",
			       O_RDONLY | O_NONBLOCK);
	struct stat st;

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = pread(fd, buf, sizeof(buf) - 1,
			  st.st_size > (off_t)sizeof(buf) - 1
			      ? st.st_size - (off_t)sizeof(buf) + 1
			      : 0);
	if (fd >= 0)
		(void)close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	(void)fprintf(stderr,
		      "capejail: --mkroot %s: debootstrap.log ends:\n%s%s",
		      mk->dir, buf, buf[n - 1] == '\n' ? "" : "\n");
}

int mk_deb_build(struct mk *mk, const struct mk_deb *deb)
{
	char at[] = "/run/capejail-mkroot.XXXXXX";
	struct stat st;
	pid_t pid;
	int status = 0, rc = 0;

	/* /run is root's: nobody else can rename or replace at. (/tmp is
	 * sticky: nobody else could either, were /run missing.) */
	if (mkdtemp(at) == NULL) {
		(void)snprintf(at, sizeof(at), "/tmp/capejail-mkroot.XXXXXX");
		if (mkdtemp(at) == NULL)
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					     "mkdir %s", at);
	}
	(void)fflush(NULL);
	pid = fork();
	if (pid < 0)
		rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "fork");
	if (pid == 0)
		run_debootstrap(mk, deb, at);
	while (pid > 0 && waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "waitpid");
			break;
		}
	(void)rmdir(at); /* the bind mount was the child's only */
	if (rc < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		show_log(mk);
		return cj_fail(
		    mk->err, CJ_EXIT_SETUP,
		    "debootstrap %s %s failed (%s %d); DIR is removed",
		    deb->suite, deb->mirror,
		    WIFEXITED(status) ? "exit status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	}
	if (fstatat(mk->root, "etc/passwd", &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode))
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "no etc/passwd after debootstrap");
	/* debootstrap copies the host's name in; the jail's is "jail". */
	return mk_mount_points(mk) < 0 ||
		       mk_put_text(mk, "/etc/hostname", "jail\n", true) < 0
		   ? -1
		   : 0;
}
