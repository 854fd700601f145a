#!/usr/bin/env python3
"""container-profile.py - the seccomp profile of a container that runs
capejail, from capejail's own policy.

    capejail --print-policy list | tools/container-profile.py > profile.json

contrib/capejail-container.json is this script's output for SYSCALLS.md as
it is (tests/jail/88-container.t checks that it still is, and runs capejail
under it with runc). With --allow, --block or --policy, print that run's
list instead: the container then lets through what the jails may call.

The container's filter and capejail's are both in force in a jail (the
kernel stacks them, the stricter answer wins), so the container's profile
must let through:
  1. every syscall capejail's jails may call (its filter checks their
     arguments);
  2. what capejail itself calls to set each jail up: namespaces, mounts
     (the fd-based mount API too), pivot_root. Docker's default profile lets these through only to a
     container with CAP_SYS_ADMIN, which a container running capejail
     must not have;
  3. capejail's other calls, which a Docker-default container may make too;
  4. syscalls capejail's filter blocks and names (its line, --report,
     --learn) or for which it kills the jail (the ⚠️ ones), where a
     Docker-default container may call them as well: refused by the
     container's filter first, they would fail with its errno instead,
     unnamed. Everything else fails with ENOSYS, as capejail answers a
     syscall it does not know.
"""
import json
import sys

# The jail's file system is built through fds (rootfs.c): new mounts with
# fsopen, fsconfig and fsmount, binds with open_tree, each attached with
# move_mount and its flags set with mount_setattr; paths beneath a -r root
# and a cgroup hierarchy are looked up with openat2.
SETUP_BEYOND_DOCKER = [
    "mount", "umount2", "pivot_root", "fsopen", "fsconfig", "fsmount",
    "open_tree", "move_mount", "mount_setattr", "unshare", "sethostname",
]
SETUP_ALSO_DOCKER = [
    "capget", "capset", "fstatfs", "statfs", "landlock_create_ruleset",
    "landlock_restrict_self", "openat2", "pidfd_open", "seccomp",
    "setgroups", "setresuid", "setresgid", "symlink",
]
NAMED_IN_JAIL = [
    "accept", "accept4", "listen", "shutdown", "setsockopt",
    "chmod", "fchmod", "fchmodat", "fchmodat2",
    "chown", "fchown", "fchownat", "lchown",
    "setuid", "setgid", "setreuid", "setregid", "setfsuid", "setfsgid",
    "setrlimit", "setpriority", "symlinkat", "utime", "utimes", "futimesat",
    "splice", "tee", "vmsplice", "sync", "syncfs", "sync_file_range",
    "sched_getattr", "sched_getparam", "sched_get_priority_max",
    "sched_get_priority_min", "sched_getscheduler", "sched_rr_get_interval",
    "sched_setaffinity", "sched_setattr", "sched_setparam",
    "sched_setscheduler", "sched_yield", "io_pgetevents", "clone3",
    "landlock_add_rule", "chroot", "mknod", "mknodat", "ptrace",
]


def main():
    verdict = {}
    for line in sys.stdin:
        f = line.split()
        if len(f) >= 3 and f[0] != "*":
            verdict[f[0]] = f[2].rstrip(";")
    allowed = sorted(n for n, v in verdict.items() if v == "allow")
    groups = [
        ("what the jails may call: SYSCALLS.md's allowed syscalls "
         "(capejail's filter checks their arguments); clone with any "
         "flags, as capejail's clone of each jail needs CLONE_NEWUSER, "
         "CLONE_NEWNS and the other namespaces", allowed),
        ("capejail's set-up of each jail; Docker's default profile allows "
         "these, and clone with namespace flags, only with CAP_SYS_ADMIN",
         SETUP_BEYOND_DOCKER),
        ("capejail's set-up of each jail, as Docker's default profile",
         SETUP_ALSO_DOCKER),
        ("blocked in the jails and named by capejail (or, the kill ones, "
         "fatal to the jail), as Docker's default profile allows them",
         NAMED_IN_JAIL),
    ]
    seen = set()
    for k, (comment, names) in enumerate(groups):
        for n in names:
            if n not in verdict:
                sys.exit("container-profile: %s: not in capejail's policy" % n)
        if not names:
            sys.exit("container-profile: no allowed syscalls in the input")
        # A name the policy allows now (fchmodat with its rule, say) is in
        # the first group already: each name once.
        groups[k] = (comment, [n for n in names if n not in seen])
        seen.update(names)
    out = ['{', '  "defaultAction": "SCMP_ACT_ERRNO",',
           '  "defaultErrnoRet": 38,',
           '  "architectures": ["SCMP_ARCH_X86_64"],', '  "syscalls": [']
    for i, (comment, names) in enumerate(groups):
        out.append('    {"comment": %s,' % json.dumps(comment))
        out.append('     "action": "SCMP_ACT_ALLOW",')
        lines, cur = [], []
        for n in names:
            if cur and len(", ".join(json.dumps(x) for x in cur + [n])) > 64:
                lines.append(", ".join(json.dumps(x) for x in cur))
                cur = []
            cur.append(n)
        lines.append(", ".join(json.dumps(x) for x in cur))
        out.append('     "names": [' + (",\n               ").join(lines) +
                   ']}' + ("," if i < len(groups) - 1 else ""))
    out += ['  ]', '}']
    print("\n".join(out))


main()
