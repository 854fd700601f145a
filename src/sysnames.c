/* sysnames.c - the build's table of syscall names (sysnames.h). */
#include "sysnames.h"

#include <stdlib.h>
#include <string.h>

#include "policy_table.h"

#include "banned.h"

uint32_t sysnames_arch(void)
{
	return cj_syscalls_arch;
}

static int by_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cj_syscall *)elem)->name);
}

int sysnames_nr(uint32_t arch, const char *name)
{
	const struct cj_syscall *s;

	if (arch != cj_syscalls_arch || name == NULL)
		return -1;
	s = bsearch(name, cj_syscalls, cj_syscalls_len, sizeof(*cj_syscalls),
		    by_name);
	return s != NULL ? s->nr : -1;
}
