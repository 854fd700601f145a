/* supervise.h - capejail's side of a run: signals in, status out. */
#ifndef CAPEJAIL_SUPERVISE_H
#define CAPEJAIL_SUPERVISE_H

#include <sys/types.h>

#include "err.h"

/* Tell init to go on (sync_fd), forward signals to it, wait for it, and
 * turn what the jail said on msg_fd into an exit status. An error from the
 * jail is put in err (status != 0) for the caller to print. */
int supervise(pid_t init, int sync_fd, int msg_fd, struct cj_err *err);

#endif
