/* sysnames.h - syscall names and numbers.
 *
 * capejail itself does not link libseccomp: the names and numbers of the
 * architecture it runs on are a table that tools/gen-policy takes from
 * libseccomp at build time (build/policy_table.c), as it does the default
 * filter. Loading a shared library costs every launch its mapping and
 * relocations (0.07-0.1 ms on the machines we measure), for three lookups
 * that only runs which change the policy make. The build tool links the
 * same interface to libseccomp itself (tools/sysnames_scmp.c), for any
 * architecture it knows. */
#ifndef CAPEJAIL_SYSNAMES_H
#define CAPEJAIL_SYSNAMES_H

#include <stdint.h>

/* The architecture the table is for (SCMP_ARCH_* = AUDIT_ARCH_*). */
uint32_t sysnames_arch(void);

/* The number of syscall name on arch, or -1 if arch has none of that name
 * (or is not one this build knows). */
int sysnames_nr(uint32_t arch, const char *name);

#endif
