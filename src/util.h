/* util.h - small helpers shared by the layers. */
#ifndef CAPEJAIL_UTIL_H
#define CAPEJAIL_UTIL_H

#include <dirent.h>
#include <stdbool.h>
#include <sys/types.h>
#include <stdint.h>
#include <stddef.h>

#include "err.h"

/* Read a whole regular file of at most max bytes into a malloc'd,
 * NUL-terminated buffer. Refuses FIFOs, devices and directories (a hostile
 * jail root could put one where a file is expected). */
int read_small_file(const char *path, size_t max, char **buf, size_t *len,
		    struct cj_err *err);

/* A small file of the kernel's (/proc, /sys) read whole into buf (cap
 * bytes with the NUL): its length, or -1 where it cannot be opened or read
 * or does not fit. Nothing is formatted: for files whose absence only
 * means "not here" (a launch reads a few; read_small_file's error message
 * costs more than the read). */
ssize_t read_kernel_file(const char *path, char *buf, size_t cap);

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

/* This process's CPU time so far (user and system), in ns; -1 if
 * unknown. */
long long self_cpu_ns(void);

/* In a child just forked: exec the helper program path (argv, envp as
 * given) with stdin from /dev/null, fds[i] as its fd 1 + i (nfds at most
 * 4; a negative one: /dev/null), every other fd closed and no signal
 * blocked. With parent > 0, the helper is killed when capejail dies, and
 * not started if it already has (we were reparented). Never returns:
 * exit 126 if the child could not be set up, 127 if the exec failed. */
/* Map capejail's own code into its page tables at once (Linux 5.14+;
 * nothing elsewhere): one call where running the launch path faults it in
 * 64 KB at a time, some fifteen faults (each 10-15 µs on a VM whose page
 * faults trap to the hypervisor; a launch measured 2-4% less CPU). Only
 * the code: max RSS grows by the ~70 KB of it a launch does not touch. */
void map_own_code(void);

_Noreturn void exec_helper(const char *path, char *const argv[],
			   char *const envp[], const int *fds, int nfds,
			   pid_t parent);

#endif
