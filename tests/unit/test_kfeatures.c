/* test_kfeatures.c - features_list and features_line on the facts of known
 * kernels (pure), and features_probe on this one. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "kfeatures.h"
#include "tap.h"

#include "banned.h"

/* The line of the feature whose name starts with prefix. */
static const char *line_of(const struct cj_kernel_facts *k, const char *prefix)
{
	static char buf[256];
	struct cj_feature f[CJ_FEATURES_N];
	size_t n = features_list(k, f, CJ_FEATURES_N);

	for (size_t i = 0; i < n; i++)
		if (strncmp(f[i].name, prefix, strlen(prefix)) == 0) {
			(void)features_line(&f[i], buf, sizeof(buf));
			return buf;
		}
	return "";
}

int main(void)
{
	/* Debian 12's 6.1, on a systemd host: Landlock ABI 3. */
	const struct cj_kernel_facts k61 = {
	    6, 1, 3, true, true, true, "cpuset cpu io memory hugetlb pids"};
	/* Debian's 6.12: Landlock ABI 6. */
	const struct cj_kernel_facts k612 = {
	    6, 12, 6, true, true, true, "cpuset cpu io memory pids"};
	/* An old kernel, cgroup v1 only, no Landlock. */
	const struct cj_kernel_facts k54 = {5, 4, 0, false, false, false, ""};
	struct cj_feature f[CJ_FEATURES_N];
	struct cj_kernel_facts here;
	char buf[16];
	size_t n;

	n = features_list(&k612, f, CJ_FEATURES_N);
	ok(n == CJ_FEATURES_N, "every feature listed (%zu)", n);
	n = 0;
	for (size_t i = 0; i < CJ_FEATURES_N; i++)
		n += f[i].present;
	ok(n == CJ_FEATURES_N, "6.12 with cgroup v2 has them all");
	is_str(line_of(&k61, "Landlock ABI 6"),
	       "lacks: Landlock ABI 6 (scoping: no abstract UNIX sockets or "
	       "signals out of the jail) (Linux 6.12)",
	       "6.1 lacks Landlock scoping, brought by 6.12");
	is_str(line_of(&k612, "Landlock ABI 6"),
	       "has: Landlock ABI 6 (scoping: no abstract UNIX sockets or "
	       "signals out of the jail) (Linux 6.12)",
	       "6.12 has it");
	is_str(line_of(&k61, "SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP"),
	       "lacks: SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (the supervisor "
	       "answers on the CPU it was woken on) (Linux 6.6)",
	       "6.1 lacks the sync wake-up (6.6)");
	ok(strncmp(line_of(&k612, "SECCOMP_USER_NOTIF"), "has: ", 5) == 0,
	   "6.12 has it");
	ok(strncmp(line_of(&k61, "Landlock (file"), "has: ", 5) == 0,
	   "6.1 has Landlock itself");
	is_str(line_of(&k54, "idmapped"),
	       "lacks: idmapped mounts (mount_setattr) (Linux 5.12)",
	       "5.4 lacks idmapped mounts (5.12)");
	is_str(line_of(&k54, "CLONE_INTO_CGROUP"),
	       "lacks: CLONE_INTO_CGROUP (clone3 straight into a cgroup) "
	       "(Linux 5.7)",
	       "... and CLONE_INTO_CGROUP (5.7)");
	is_str(line_of(&k54, "cgroup v2 memory"),
	       "lacks: cgroup v2 memory controller (--memory) (Linux 4.5)",
	       "without cgroup v2, no v2 controller");
	{
		struct cj_kernel_facts nocpu = k612;

		(void)snprintf(nocpu.controllers, sizeof(nocpu.controllers),
			       "cpuset memory pids");
		ok(strncmp(line_of(&nocpu, "cgroup v2 cpu "), "lacks", 5) == 0,
		   "cpuset is not cpu");
	}
	ok(features_list(&k612, f, 2) == 2, "at most max written");
	ok(features_line(&f[0], buf, sizeof(buf)) > (int)sizeof(buf) - 1 &&
	       strlen(buf) == sizeof(buf) - 1,
	   "a short buffer: truncated, the length as snprintf's");

	features_probe(&here);
	n = features_list(&here, f, CJ_FEATURES_N);
	ok(here.major >= 5, "probe: this kernel is %d.%d", here.major,
	   here.minor);
	/* Never claimed where the version cannot have it (a container's
	 * seccomp may hide clone3 or mount_setattr where it can). */
	ok(!here.into_cgroup || here.major > 5 ||
	       (here.major == 5 && here.minor >= 7),
	   "probe: CLONE_INTO_CGROUP only from 5.7 (%d)", here.into_cgroup);
	ok(!here.idmapped || here.major > 5 ||
	       (here.major == 5 && here.minor >= 12),
	   "probe: mount_setattr only from 5.12 (%d)", here.idmapped);
	for (size_t i = 0; i < n; i++) {
		char l[256];

		(void)features_line(&f[i], l, sizeof(l));
		printf("# %s\n", l);
	}
	return tap_done();
}
