/* test_mkroot_fs.c - the dir-fd writer of --mkroot (src/mkroot_fs.c), in a
 * directory of its own under $TMPDIR: what this build made and what it
 * refuses, modes put off to the end, sparse copies. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mkroot_int.h"
#include "tap.h"

#include "banned.h"

static char top[256];
static struct cj_err E;

/* A build state on a fresh DIR (top/NAME), as mkroot_build makes it. */
static void start(struct mk *mk, const char *name)
{
	char path[512];
	struct stat st;

	memset(mk, 0, sizeof(*mk));
	E.msg[0] = '\0';
	mk->err = &E;
	mk->dir = name;
	(void)snprintf(path, sizeof(path), "%s/%s", top, name);
	if (mkdir(path, 0700) < 0 ||
	    (mk->root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fstat(mk->root, &st) < 0) {
		printf("Bail out! %s: %s\n", path, strerror(errno));
		exit(1);
	}
	mk->root_dev = st.st_dev;
	mk->root_ino = st.st_ino;
	(void)mk_made_add(mk, st.st_ino);
}

static void stop(struct mk *mk)
{
	(void)close(mk->root);
	free(mk->made);
	for (size_t i = 0; i < mk->n_later; i++)
		free(mk->later[i].path);
	free(mk->later);
}

static mode_t mode_at(const struct mk *mk, const char *rel)
{
	struct stat st;

	return fstatat(mk->root, rel, &st, AT_SYMLINK_NOFOLLOW) == 0
		   ? st.st_mode & 07777
		   : (mode_t)-1;
}

static void test_made_set(void)
{
	struct mk mk;
	struct stat st = {0};
	size_t missing = 0;

	memset(&mk, 0, sizeof(mk));
	mk.err = &E;
	st.st_dev = mk.root_dev;
	for (ino_t i = 1; i <= 5000; i++)
		(void)mk_made_add(&mk, i * 7919);
	(void)mk_made_add(&mk, 7919); /* twice: once in the set */
	for (ino_t i = 1; i <= 5000; i++) {
		st.st_ino = i * 7919;
		missing += !mk_made_here(&mk, &st);
	}
	st.st_ino = 7920;
	ok(missing == 0 && mk.n_made == 5000 && !mk_made_here(&mk, &st),
	   "the set of made inodes: 5000 in, each found once, another not");
	st.st_ino = 7919;
	st.st_dev = mk.root_dev + 1;
	ok(!mk_made_here(&mk, &st), "... an inode of another device is not");
	mk.adopt = true;
	st.st_ino = 1;
	ok(mk_made_here(&mk, &st), "... adopt (debootstrap) takes all");
	free(mk.made);
}

static void test_refusals(void)
{
	struct mk mk;
	bool made = false;
	int fd;

	start(&mk, "refuse");
	/* What someone else put in DIR: made here by the test, not by mk. */
	if (mkdirat(mk.root, "planted", 0777) < 0 ||
	    (fd = openat(mk.root, "planted/tool", O_WRONLY | O_CREAT, 0755)) <
		0) {
		printf("Bail out! planting: %s\n", strerror(errno));
		exit(1);
	}
	(void)close(fd);
	fd = mk_subdir(&mk, mk.root, "planted", "/planted", 0755, &made);
	ok(fd == -1 && strstr(E.msg, "/planted: already in DIR, and not made "
				     "by this build") != NULL,
	   "a directory the build did not make is refused ('%s')", E.msg);
	E.msg[0] = '\0';
	fd = mk_subdir(&mk, mk.root, "usr", "/usr", 0755, &made);
	ok(fd >= 0 && made, "a directory the build makes is made");
	if (fd >= 0)
		(void)close(fd);
	fd = mk_subdir(&mk, mk.root, "usr", "/usr", 0755, &made);
	ok(fd >= 0 && !made, "... and taken again as the build's");
	if (fd >= 0)
		(void)close(fd);
	E.msg[0] = '\0';
	ok(mk_put_text(&mk, "/planted/tool", "x\n", false) == -1,
	   "a file in a planted directory is refused ('%s')", E.msg);
	E.msg[0] = '\0';
	if (symlinkat("/elsewhere", mk.root, "usr/link") < 0)
		printf("Bail out! symlink: %s\n", strerror(errno));
	ok(mk_put_symlink(&mk, "/usr/link", "/elsewhere", false) == -1 &&
	       strstr(E.msg, "not made by this build") != NULL,
	   "a symlink the build did not make is refused, same target or not");
	E.msg[0] = '\0';
	ok(mk_put_text(&mk, "/usr/mine", "a\n", false) == 0 &&
	       mk_put_text(&mk, "/usr/mine", "b\n", false) == 0 &&
	       mk_put_text(&mk, "/usr/mine", "c\n", true) == 0,
	   "a file of the build's: kept, or replaced with replace");
	stop(&mk);
}

static void test_modes(void)
{
	struct mk mk;
	int fd;

	start(&mk, "modes");
	ok(mk_mount_points(&mk) == 0, "the mount points are made");
	ok(mode_at(&mk, "tmp") == 01755 && mode_at(&mk, "proc") == 0555,
	   "... /tmp 1755 (nobody else writes) while the build runs, /proc "
	   "0555");
	fd = mk_dir_at(&mk, "/var/tmp/x");
	if (fd >= 0)
		(void)close(fd);
	ok(fd >= 0 && mode_at(&mk, "var/tmp") == 01755,
	   "a host directory of mode 1777 (/var/tmp): 1755 meanwhile");
	ok(mk_finish(&mk) == 0 && mode_at(&mk, "tmp") == 01777 &&
	       mode_at(&mk, "var/tmp") == 01777,
	   "... and both 1777 at the end");
	stop(&mk);
}

static void test_sparse(void)
{
	char path[512];
	struct mk mk;
	struct stat st, cst;
	int src, rc;

	start(&mk, "sparse");
	(void)snprintf(path, sizeof(path), "%s/sparse-src", top);
	src = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (src < 0 || pwrite(src, "head", 4, 0) != 4 ||
	    pwrite(src, "tail", 4, 1 << 30) != 4 || fstat(src, &st) < 0) {
		printf("Bail out! %s: %s\n", path, strerror(errno));
		exit(1);
	}
	rc = mk_copy_into(&mk, mk.root, "copy", src, &st, "/copy");
	ok(rc == 0 && fstatat(mk.root, "copy", &cst, 0) == 0 &&
	       cst.st_size == st.st_size && cst.st_blocks <= 64 &&
	       mk.copied < 65536,
	   "a 1 GiB sparse file: copied with its size, sparse (%lld blocks, "
	   "%llu bytes of data)",
	   (long long)cst.st_blocks, mk.copied);
	{
		char buf[4] = "";
		int c = openat(mk.root, "copy", O_RDONLY | O_CLOEXEC);

		ok(c >= 0 && pread(c, buf, 4, 1 << 30) == 4 &&
		       memcmp(buf, "tail", 4) == 0,
		   "... its data where it was");
		if (c >= 0)
			(void)close(c);
	}
	ok(mk_copy_into(&mk, mk.root, "copy", src, &st, "/copy") == 0,
	   "the same path again: the build's copy is taken");
	(void)close(src);
	(void)unlink(path);
	stop(&mk);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	(void)snprintf(top, sizeof(top), "%s/test_mkroot_fs.XXXXXX",
		       tmp ? tmp : "/tmp");
	if (mkdtemp(top) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_made_set();
	test_refusals();
	test_modes();
	test_sparse();
	/* Cleaned up with the writer's own remover. */
	fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		mk_remove_below(fd, 0);
		(void)close(fd);
	}
	ok(rmdir(top) == 0, "mk_remove_below emptied the test's directory");
	return tap_done();
}
