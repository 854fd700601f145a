/* util.h - small helpers shared by the layers. */
#ifndef CAPEJAIL_UTIL_H
#define CAPEJAIL_UTIL_H

#include <stddef.h>

#include "err.h"

/* Read a whole regular file of at most max bytes into a malloc'd,
 * NUL-terminated buffer. Refuses FIFOs, devices and directories (a hostile
 * jail root could put one where a file is expected). */
int read_small_file(const char *path, size_t max, char **buf, size_t *len,
		    struct cj_err *err);

/* write(2) all of buf, retrying on EINTR and short writes. */
int write_all(int fd, const void *buf, size_t len);

#endif
