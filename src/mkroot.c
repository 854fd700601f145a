/* mkroot.c - --mkroot DIR: a root directory for -r, made by capejail.
 *
 * From the host (the default): each program named, found on PATH, is copied
 * to the same path in DIR, with the symlinks on the way (merged /usr, the
 * loader's /lib64 link) made again as symlinks; then its loader (PT_INTERP)
 * and the closure of the libraries it needs (DT_NEEDED, searched as the
 * loader searches: DT_RPATH, DT_RUNPATH, ld.so.conf, the system
 * directories), all read from the ELF files by elfdeps.c, never by running
 * anything. --mkroot-add copies a file or a whole directory the same way
 * (the libraries of the ELF files in it too). Then a minimal /etc and the
 * mount points -r uses: /proc, /dev, /tmp (1777).
 *
 * Files are copied, never hard-linked: a -r root is mounted nosuid and nodev
 * but not read-only, and a hard link is the host's file itself (a jail user
 * with the owner's uid could change it, as could a later chmod in DIR).
 * Copies belong to the caller, with the host's permission bits less setuid
 * and setgid, and the host's times (Python checks its .pyc by them).
 *
 * Writing: DIR must be new, or an empty directory of ours that others cannot
 * write, reached through no symlink. Everything is made relative to DIR's fd
 * with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), O_EXCL and
 * O_NOFOLLOW, so no symlink, including the ones made here, can lead a write
 * out of DIR. When the host mode fails, what it made is removed again.
 *
 * With --mkroot-from debootstrap, debootstrap --variant=minbase builds DIR
 * (it is run with DIR's path), then the mount points are checked. */
#define _GNU_SOURCE
#include "mkroot_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "banned.h"

/* --- DIR --------------------------------------------------------------- */

/* DIR: made, or an empty directory of ours that others cannot write,
 * reached through no symlink. The parent's fd and DIR's name in it are
 * kept, for removal after a failure. */
/* DIR (st) is the build's, and nobody else's until it is done: 0700, so
 * that no one else can reach into it meanwhile (its final mode is set at
 * the end). */
static int private_root(struct mk *mk, const struct stat *st)
{
	if (fchmod(mk->root, 0700) < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "chmod");
	return mk_made_add(mk, st->st_ino);
}

static int open_target(struct mk *mk, int *parent, char *base, size_t bsz,
		       bool *created, mode_t *mode)
{
	char buf[PATH_MAX];
	struct open_how how = {O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
			       RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
	const char *slash, *pdir;
	struct stat st;
	size_t n = strlen(mk->dir);
	DIR *d;
	struct dirent *e;
	int fd;

	*created = false;
	while (n > 1 && mk->dir[n - 1] == '/')
		n--;
	if (n >= sizeof(buf))
		return cj_fail(mk->err, CJ_EXIT_SETUP, "path too long");
	memcpy(buf, mk->dir, n);
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (snprintf(base, bsz, "%s", slash ? slash + 1 : buf) >= (int)bsz)
		return cj_fail(mk->err, CJ_EXIT_SETUP, "name too long");
	if (base[0] == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "name a new or empty directory");
	if (slash == NULL)
		pdir = ".";
	else if (slash == buf)
		pdir = "/";
	else {
		buf[slash - buf] = '\0';
		pdir = buf;
	}
	*parent = (int)syscall(SYS_openat2, AT_FDCWD, pdir, &how, sizeof(how));
	if (*parent < 0)
		return errno == ELOOP
			   ? cj_fail(mk->err, CJ_EXIT_SETUP,
				     "the path goes through a symlink (give "
				     "the real path)")
			   : cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s",
					   pdir);
	if (mkdirat(*parent, base, 0700) == 0) {
		*created = true;
	} else if (errno != EEXIST) {
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "mkdir");
	}
	fd = mk_open_below(*parent, base, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return errno == ELOOP ? cj_fail(mk->err, CJ_EXIT_SETUP,
						"is a symlink (give the "
						"real path)")
		       : errno == ENOTDIR
			   ? cj_fail(mk->err, CJ_EXIT_SETUP,
				     "exists and is not a "
				     "directory")
			   : cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "open");
	mk->root = fd;
	if (fstat(fd, &st) < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "stat");
	mk->root_dev = st.st_dev;
	mk->root_ino = st.st_ino;
	*mode = *created ? 0755 : st.st_mode & 07777;
	/* Checked even when this run made it: the owner of the parent may
	 * have put another directory in its place since. */
	if (st.st_uid != geteuid())
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "belongs to uid %u, not to us",
			       (unsigned)st.st_uid);
	if ((st.st_mode & 022) != 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "others can write into it (chmod go-w)");
	fd = fcntl(mk->root, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "dup");
	d = fdopendir(fd);
	if (d == NULL) {
		(void)close(fd);
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "opendir");
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			break;
	(void)closedir(d);
	if (e != NULL)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "not empty (give a new or empty directory)");
	return private_root(mk, &st);
}

/* What a build made, on one line (stderr). */
static void summary(const struct mk *mk)
{
	unsigned long long files = 0, bytes = 0, disk = 0;

	mk_count(mk->root, 0, &files, &bytes, &disk);
	(void)fprintf(stderr,
		      "capejail: --mkroot %s: made, %llu files, %llu bytes "
		      "(%.1f MiB, %.1f MiB on disk)\n",
		      mk->dir, files, bytes, (double)bytes / 1048576.0,
		      (double)disk / 1048576.0);
}

static void mk_free(struct mk *mk)
{
	mk_strv_free(&mk->libdirs);
	free(mk->done);
	free(mk->made);
	for (size_t i = 0; i < mk->n_later; i++)
		free(mk->later[i].path);
	free(mk->later);
}

int mkroot_build(const struct mkroot_spec *ms, struct cj_err *err)
{
	struct mk mk;
	struct mk_deb deb;
	char base[NAME_MAX + 1];
	int parent = -1, rc = 0;
	bool created = false, ours = false;
	mode_t mode = 0755;

	memset(&mk, 0, sizeof(mk));
	mk.dir = ms->dir;
	mk.root = -1;
	mk.err = err;
	mk.adopt = ms->debootstrap; /* debootstrap's tree */
	err->msg[0] = '\0';
	/* What debootstrap needs is there before DIR is made. */
	if (ms->debootstrap)
		rc = mk_deb_prepare(&mk, ms, &deb);
	if (rc == 0)
		rc = open_target(&mk, &parent, base, sizeof(base), &created,
				 &mode);
	ours = rc == 0; /* DIR new or empty: what is in it is this run's */
	if (rc == 0)
		rc = ms->debootstrap ? mk_deb_build(&mk, &deb)
				     : mk_build_host(&mk, ms);
	if (rc == 0)
		rc = mk_finish(&mk);
	if (rc == 0 && fchmod(mk.root, mode) < 0)
		rc = cj_fail_errno(err, CJ_EXIT_SETUP, errno, "chmod");
	/* A failed build is taken away again, DIR too if this run made it. */
	if (rc < 0 && ours) {
		mk_remove_below(mk.root, 0);
		if (!created || unlinkat(parent, base, AT_REMOVEDIR) < 0)
			(void)fchmod(mk.root, mode);
	}
	if (rc == 0)
		summary(&mk);
	if (rc < 0) {
		char msg[sizeof(err->msg)];

		(void)snprintf(msg, sizeof(msg), "%s", err->msg);
		int n = snprintf(err->msg, sizeof(err->msg), "--mkroot %s: %s",
				 ms->dir, msg);

		if (n < 0)
			err->msg[0] = '\0';
	}
	if (mk.root >= 0)
		(void)close(mk.root);
	if (parent >= 0)
		(void)close(parent);
	mk_free(&mk);
	return rc;
}
