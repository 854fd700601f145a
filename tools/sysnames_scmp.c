/* sysnames_scmp.c - sysnames.h through libseccomp, for the build tool,
 * which writes the run time's table from it (tools/gen-policy.c). */
#include <seccomp.h>

#include "sysnames.h"

uint32_t sysnames_arch(void)
{
	return seccomp_arch_native();
}

int sysnames_nr(uint32_t arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);

	/* Negative: unknown, or a pseudo number of another architecture's
	 * syscall. */
	return nr < 0 ? -1 : nr;
}
