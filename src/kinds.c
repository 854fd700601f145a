/* kinds.c - the tables of option kinds (kinds.h). A new mount kind is a
 * row here, a long option in cli.c and what rootfs.c does with a new flag,
 * if any; a new --rlimit name is a row here. */
#include "kinds.h"

#include <string.h>
#include <sys/resource.h>

#include "banned.h"

static const struct cj_mount_info kinds[] = {
    {CJ_BIND, "--bind", "SRC[:DST]", CJ_MNT_SOURCE, 0},
    {CJ_RO_BIND, "--ro-bind", "SRC[:DST]", CJ_MNT_SOURCE | CJ_MNT_RDONLY, 0},
    {CJ_RO_BIND_TRY, "--ro-bind-try", "SRC[:DST]",
     CJ_MNT_SOURCE | CJ_MNT_RDONLY | CJ_MNT_TRY, 0},
    {CJ_TMPFS, "--tmpfs", "DST[:SIZE]", CJ_MNT_TMPFS, CJ_DEFAULT_SHM_SIZE},
    {CJ_WORKDIR, "-w", "DIR", CJ_MNT_SOURCE | CJ_MNT_WORKDIR, 0},
};

const struct cj_mount_info *mount_kind(enum cj_mount_kind kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == kind)
			return &kinds[i];
	return &kinds[0];
}

unsigned mount_flags(const struct jail_mount *m)
{
	return mount_kind(m->kind)->flags;
}

static const struct cj_rlimit_info rlimits[] = {
    {"nofile", RLIMIT_NOFILE, false},
    {"fsize", RLIMIT_FSIZE, true},
    {"nproc", RLIMIT_NPROC, false},
    {"core", RLIMIT_CORE, true},
    {"stack", RLIMIT_STACK, true},
    {"as", RLIMIT_AS, true},
    {"memlock", RLIMIT_MEMLOCK, true},
    {"cpu", RLIMIT_CPU, false},
    {"data", RLIMIT_DATA, true},
    {"sigpending", RLIMIT_SIGPENDING, false},
    {"msgqueue", RLIMIT_MSGQUEUE, true},
};

const struct cj_rlimit_info *rlimit_by_name(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++)
		if (strlen(rlimits[i].name) == n &&
		    strncmp(name, rlimits[i].name, n) == 0)
			return &rlimits[i];
	return NULL;
}

const char *rlimit_name(int resource)
{
	for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++)
		if (rlimits[i].resource == resource)
			return rlimits[i].name;
	return "?";
}
