/* landlock.c - Landlock scoping (see landlock.h). Debian 12's headers
 * predate ABI 6, so the two constants are spelled out from the kernel's
 * uapi (include/uapi/linux/landlock.h). */
#define _GNU_SOURCE
#include "landlock.h"

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "banned.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_restrict_self  446
#endif
#define CJ_LANDLOCK_CREATE_RULESET_VERSION     (1U << 0)
#define CJ_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define CJ_LANDLOCK_SCOPE_SIGNAL	       (1ULL << 1)

struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

int landlock_scope(struct cj_err *err)
{
	struct ruleset_attr attr = {0, 0,
				    CJ_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET |
					CJ_LANDLOCK_SCOPE_SIGNAL};
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
			   CJ_LANDLOCK_CREATE_RULESET_VERSION);
	int fd;

	if (abi < 6)
		return 1; /* no Landlock, or no scoping yet */
	fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "landlock_create_ruleset");
	if (syscall(SYS_landlock_restrict_self, fd, 0) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "landlock_restrict_self");
		(void)close(fd);
		return -1;
	}
	(void)close(fd);
	return 0;
}
