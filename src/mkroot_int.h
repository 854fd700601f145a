/* mkroot_int.h - what the parts of --mkroot share (not for the rest of
 * capejail): the build's state, and the functions of one file that another
 * calls. mkroot_fs.c writes into DIR, mkroot_elf.c finds and copies what an
 * ELF file needs, mkroot_host.c and mkroot_deb.c are the two builders,
 * mkroot.c opens DIR and runs one of them. */
#ifndef CAPEJAIL_MKROOT_INT_H
#define CAPEJAIL_MKROOT_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "err.h"
#include "mkroot.h"

/* The kernel's own limits: symlinks followed in one path, and nested
 * interpreters of a script. */
#define MAX_HOPS	40
#define MAX_SHEBANG	4
#define MAX_TREE_DEPTH	128
#define MAX_LDCONF_NEST 8
/* Libraries that need libraries: real chains are a few deep; this bounds
 * the recursion (and its stack) whatever the files say. */
#define MAX_LIB_DEPTH 64
/* What --mkroot copies at most: the data (not the holes: a sparse file
 * stays sparse) of one file, and of all (doc/usage.md). Checked before a copy
 * is made, so a hostile program naming a huge file as its library or loader
 * makes an error, not gigabytes written by root. */
#define MK_FILE_MAX  (1ULL << 30)
#define MK_TOTAL_MAX (8ULL << 30)
/* The PATH the jail's programs get (env.c): a PROGRAM without a '/', and
 * the prog of "#!/usr/bin/env prog", is looked for where the jail will. */
#define MK_JAIL_PATH "/usr/local/bin:/usr/bin:/bin"

struct strv {
	char **v;
	size_t n, cap;
};

/* The build. Errors are one line in err (mkroot_build puts "--mkroot DIR: "
 * in front), made with cj_fail and cj_fail_errno (CJ_EXIT_SETUP). */
struct mk {
	const char *dir; /* DIR as given, for messages */
	int root;	 /* DIR, open */
	dev_t root_dev;	 /* DIR itself, never copied into itself */
	ino_t root_ino;
	struct strv libdirs;   /* ld.so.conf's directories, then the loader's */
	char sysdir[PATH_MAX]; /* the loader's directory ("" until known) */
	struct {
		dev_t dev;
		ino_t ino;
	} * done; /* ELF objects whose libraries are in DIR */
	size_t n_done, cap_done;
	/* Set while the files of a --mkroot-add tree are read: what they
	 * need but the host lacks (a plugin whose library is not installed),
	 * and ELF files that cannot be read, are skipped, as they fail on the
	 * host too; a named program's must be there. */
	bool lenient;
	int depth; /* of add_elf's recursion through libraries */
	struct cj_err *err;
	/* The inodes this build made in DIR (a hash set, 0 for free): an
	 * entry found in DIR and not made by this build is refused, unless
	 * adopt (debootstrap's tree, made by debootstrap). */
	ino_t *made;
	size_t n_made, cap_made;
	bool adopt;
	/* Directories whose mode lets group or others write (/tmp's 1777, a
	 * copied host directory's): 0755 or less while DIR is built, their
	 * mode at the end (mk_finish), so that nobody else can put anything
	 * into DIR meanwhile. */
	struct mk_later {
		char *path; /* in DIR, absolute */
		mode_t mode;
	} * later;
	size_t n_later, cap_later;
	unsigned long long copied; /* bytes of data copied so far */
};

/* --- mkroot_fs.c: writing into DIR --------------------------------------- */

int mk_oom(struct mk *mk);

/* openat2 below dirfd: never through a symlink, never out of it. */
int mk_open_below(int dirfd, const char *name, int flags);

/* Record ino as made by this build. */
int mk_made_add(struct mk *mk, ino_t ino);

/* Whether st, found in DIR, is what this build made (or adopts). */
bool mk_made_here(const struct mk *mk, const struct stat *st);

/* Record the entry just made at name in dirfd (path in DIR). */
int mk_link_made(struct mk *mk, int dirfd, const char *name, const char *path);

/* Whether the entry at name in dirfd is one this build made. */
bool mk_exists_made(const struct mk *mk, int dirfd, const char *name);

/* The error for an entry of DIR this build did not make. */
int mk_refuse(struct mk *mk, const char *path);

/* The directory name in dirfd (path: its path in DIR), made with mode if
 * missing (*made then true), or one this build made. Its fd, or -1. */
int mk_subdir(struct mk *mk, int dirfd, const char *name, const char *path,
	      mode_t mode, bool *made);

/* chmod the directory fd (path in DIR) to mode: the group and others'
 * write permission only at the end (mk_finish). */
int mk_dir_mode(struct mk *mk, int fd, const char *path, mode_t mode);

/* The build is done: the modes mk_dir_mode put off. */
int mk_finish(struct mk *mk);

/* Count the regular files below dirfd and their bytes (apparent, and on
 * disk), never following a symlink. */
void mk_count(int dirfd, int depth, unsigned long long *files,
	      unsigned long long *bytes, unsigned long long *disk);

/* An fd of DIR's directory at path (clean, absolute, as on the host), the
 * missing components made with the host's modes. */
int mk_dir_at(struct mk *mk, const char *path);

/* path's parent directory in DIR, and path's last name. */
int mk_parent_at(struct mk *mk, const char *path, const char **name);

/* The symlink path -> target in DIR. An existing one with the same target
 * is fine; with keep, anything already there is left alone. */
int mk_put_symlink(struct mk *mk, const char *path, const char *target,
		   bool keep);

/* Copy the regular file src (st) to name in dirfd: its data, its holes
 * left as holes, at most MK_FILE_MAX (and MK_TOTAL_MAX in all). A file
 * already there is taken as this one when this build made it (the same
 * path asked twice), else refused. */
int mk_copy_into(struct mk *mk, int dirfd, const char *name, int src,
		 const struct stat *st, const char *path);

/* A directory in DIR with exactly this mode (put off as mk_dir_mode says). */
int mk_put_dir(struct mk *mk, const char *name, mode_t mode);

/* A small file of ours, unless one is there already (--mkroot-add'ed);
 * with replace, over what is there (but never through a symlink). */
int mk_put_text(struct mk *mk, const char *path, const char *text,
		bool replace);

/* The mount points -r uses. */
int mk_mount_points(struct mk *mk);

/* Remove everything below dirfd, never following a symlink. Best effort:
 * it runs after an error, which is what is reported. */
void mk_remove_below(int dirfd, int depth);

/* --- mkroot_elf.c: the host's files and what ELF files need -------------- */

int mk_strv_add(struct strv *s, const char *str);
void mk_strv_free(struct strv *s);

/* The host's path in DIR at the same place: the symlinks on the way are
 * made again in DIR and followed on the host. Fills real (the path with no
 * symlink left) and st (lstat of it). Returns 0, 1 if some component is
 * missing and missing_ok, or -1. */
int mk_walk_host(struct mk *mk, const char *path, bool missing_ok, char *real,
		 struct stat *st);

/* The host's regular file at path, open, and copied into DIR at the same
 * place. real gets the path with no symlink left. Returns the fd, -1, or
 * -2 when missing_ok and it is not there or not a regular file. */
int mk_add_file(struct mk *mk, const char *path, bool missing_ok, char *real);

struct rchain;

/* The loader and the libraries of the ELF file open at fd (path; origin is
 * its $ORIGIN), if it is one; a file that is not ELF needs nothing. */
int mk_add_elf(struct mk *mk, int fd, const char *path, const char *origin,
	       const struct rchain *up);

/* Where libraries are looked for after DT_RPATH and DT_RUNPATH: the
 * directories of ld.so.conf (the loader's cache is made from them), then
 * the loader's own defaults. */
int mk_search_dirs(struct mk *mk);

/* --- mkroot_host.c and mkroot_deb.c: the builders ------------------------ */

/* A program's path on the host: as given when it has a '/', else the
 * first executable file of that name on PATH. 0, 1 when missing_ok and it
 * is not found, or -1. */
int mk_find_program(struct mk *mk, const char *name, bool missing_ok,
		    char *out);

int mk_build_host(struct mk *mk, const struct mkroot_spec *ms);

/* debootstrap's command line, found before DIR is made. */
struct mk_deb {
	char prog[PATH_MAX], suite[128], mirror[1024], include[1024];
};
int mk_deb_prepare(struct mk *mk, const struct mkroot_spec *ms,
		   struct mk_deb *deb);
int mk_deb_build(struct mk *mk, const struct mk_deb *deb);

#endif
