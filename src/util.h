/* util.h - small helpers shared by the layers. */
#ifndef CAPEJAIL_UTIL_H
#define CAPEJAIL_UTIL_H

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "err.h"

/* Read a whole regular file of at most max bytes into a malloc'd,
 * NUL-terminated buffer. Refuses FIFOs, devices and directories (a hostile
 * jail root could put one where a file is expected). */
int read_small_file(const char *path, size_t max, char **buf, size_t *len,
		    struct cj_err *err);

/* A decimal number of len digits, at most max: true and *out, or false. */
bool parse_decimal(const char *s, size_t len, uint32_t max, uint32_t *out);

/* write(2) all of buf, retrying on EINTR and short writes. */
int write_all(int fd, const void *buf, size_t len);

/* The same, but gives up after ms milliseconds (ETIMEDOUT), whatever holds
 * the write: capejail's own lines go to an fd the jail may hold too (a
 * pipe it filled, a terminal whose output it stopped), and a capejail
 * blocked there would enforce no limit. Uses ITIMER_REAL and SIGALRM. */
int write_all_within(int fd, const void *buf, size_t len, unsigned ms);

/* A DIR of the directory dirfd, from its start, on a copy of the fd (the
 * caller keeps dirfd; closedir closes the copy); NULL with errno. */
DIR *dir_of_fd(int dirfd);

#endif
