/* mountkind.c - the table of user mount kinds. A new kind is a row here,
 * a long option in cli.c and what rootfs.c does with a new flag, if any. */
#include "mountkind.h"

#include <stddef.h>

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
