/* mkroot_deb.c - --mkroot-from debootstrap: debootstrap --variant=minbase
 * SUITE DIR MIRROR, the suite and mirror the host's by default, then the
 * mount points and the jail's hostname. */
#define _GNU_SOURCE
#include "mkroot_int.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
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

int mk_build_debootstrap(struct mk *mk, const struct jail_spec *spec,
			 const char *dirpath)
{
	char suite[128], mirror[1024], prog[PATH_MAX], include[1024];
	char *argv[8];
	struct stat st;
	size_t a = 0;
	pid_t pid;
	int status;

	/* sudo's and root's PATH have /usr/sbin; a user's may not. */
	if (mk_find_program(mk, "debootstrap", true, prog) != 0)
		(void)snprintf(prog, sizeof(prog), "/usr/sbin/debootstrap");
	if (access(prog, X_OK) < 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "debootstrap not found (an optional "
			       "dependency: apt-get install debootstrap)");
	if (spec->mkroot_suite != NULL) {
		(void)snprintf(suite, sizeof(suite), "%s", spec->mkroot_suite);
	} else {
		struct cj_err why;
		char *text;
		size_t len;
		int rc;

		if (read_small_file("/etc/os-release", 1U << 16, &text, &len,
				    &why) < 0)
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "%s (give --mkroot-suite)", why.msg);
		rc = mkroot_os_codename(text, suite, sizeof(suite));
		free(text);
		if (rc < 0)
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "no VERSION_CODENAME in "
				       "/etc/os-release (give --mkroot-suite)");
	}
	if (spec->mkroot_mirror != NULL)
		(void)snprintf(mirror, sizeof(mirror), "%s",
			       spec->mkroot_mirror);
	else
		host_mirror(suite, mirror, sizeof(mirror));
	argv[a++] = prog;
	argv[a++] = (char *)(uintptr_t) "--variant=minbase";
	if (spec->mkroot_include != NULL) {
		(void)snprintf(include, sizeof(include), "--include=%s",
			       spec->mkroot_include);
		argv[a++] = include;
	}
	argv[a++] = suite;
	argv[a++] = (char *)(uintptr_t)dirpath;
	argv[a++] = mirror;
	argv[a] = NULL;
	(void)fflush(NULL);
	pid = fork();
	if (pid < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "fork");
	if (pid == 0) {
		(void)execve(prog, argv, environ);
		(void)fprintf(stderr, "capejail: --mkroot %s: %s: %s\n",
			      mk->dir, prog, strerror(errno));
		_exit(CJ_EXIT_NOEXEC);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					     "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return cj_fail(
		    mk->err, CJ_EXIT_SETUP,
		    "debootstrap %s %s failed (%s %d); DIR is left as "
		    "it is, see its debootstrap/debootstrap.log",
		    suite, mirror, WIFEXITED(status) ? "exit status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	/* debootstrap was given the path: check that it filled the
	 * directory this fd holds. */
	if (fstatat(mk->root, "etc/passwd", &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode))
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "no etc/passwd after debootstrap: was DIR "
			       "replaced while it ran?");
	/* debootstrap copies the host's name in; the jail's is "jail". */
	return mk_mount_points(mk) < 0 ||
		       mk_put_text(mk, "/etc/hostname", "jail\n", true) < 0
		   ? -1
		   : 0;
}
