/* hostpath.h - the host paths capejail's caller names (-r, -w, the binds'
 * sources, --report, --learn-out), resolved as fs.protected_symlinks
 * would have it everywhere: a symlink on the way is followed only when
 * root or capejail's own uid owns it, so that a user who can write a
 * directory of the path cannot lead capejail (root) somewhere else. */
#ifndef CAPEJAIL_HOSTPATH_H
#define CAPEJAIL_HOSTPATH_H

#include <limits.h>
#include <stdbool.h>

#include "err.h"

/* path (as an O_PATH fd), following only trusted symlinks; -1 with err
 * ("OPT PATH: why") and errno kept. */
int hostpath_open(const char *opt, const char *path, struct cj_err *err);

/* The directory that holds path's last component (an O_PATH fd), with
 * that component in last; the component itself is not looked at. A path
 * that ends in a directory's name only ("/", "x/", ".", "..") is EISDIR. */
int hostpath_open_parent(const char *opt, const char *path,
			 char last[NAME_MAX + 1], struct cj_err *err);

#endif
