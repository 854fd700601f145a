#!/bin/bash
# capejail inside a container: rootless capejail in an unprivileged runc
# container with a user namespace, configured as a Kubernetes pod with
# hostUsers: false (or rootless Podman) gets it: the host's uids
# $BASE-$BASE+65535, its own PID, mount, IPC, UTS, network and cgroup
# namespaces, Docker's default capabilities (none for the non-root
# user), no_new_privs, and contrib/capejail-container.json as its
# seccomp profile. Inside, capejail runs as the container's root (an
# unprivileged host uid) and as its ordinary user, and the jail tests' core
# checks run there: identity, the filter, mounts, a limit. From the host:
# nothing left behind. Also what the container must allow, and why: its
# /proc unmasked, and each syscall of the profile beyond Docker's default.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
for tool in runc busybox; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool is not installed (tools/install-deps.sh installs it)"
		exit 0
	fi
done
# The container's root holds capejail alone, no shared library: a static
# capejail (make's), not the sanitizer build's, which needs libasan.
if readelf -l "$T_BIN" 2>/dev/null | grep -q 'program interpreter'; then
	echo "1..0 # SKIP $T_BIN is linked dynamically (the sanitizer build): the container's root has no libraries for it"
	exit 0
fi

# The host's uids and gids of the container: a range of 65536 of its own
# per test run (two runs at once, as root and rootless, do not share one).
BASE=$((1000000 + ($$ % 4096) * 65536))
ID="capejail-ct-$$"
CG="capejail-ct-$$" # the container's cgroup, delegated to its root
profile="$top/contrib/capejail-container.json"
b="$T_TMP/bundle"
data="$T_TMP/data" # bound into the container at /data, the user's

# The container's root file system: busybox and its libraries (by
# capejail --mkroot), the static capejail and the probe, a user cj (1000).
# runc mounts the bundle's root from within the container's user namespace,
# as a host uid of $BASE's range: the test's directory must let it pass.
chmod o+x "$T_TMP"
mkdir -m 0755 "$b"
"$T_BIN" --mkroot "$b/rootfs" -- busybox >/dev/null 2>"$T_TMP/mkroot.err" ||
	{ echo "Bail out! --mkroot of the container's root: $(cat "$T_TMP/mkroot.err")"; exit 1; }
r="$b/rootfs"
[ -e "$r/bin" ] || ln -s usr/bin "$r/bin"
bb=$(cd "$r" && find usr bin -name busybox -type f | head -1)
for a in sh id cat ls grep echo sleep wc tr sed; do
	[ -e "$r/bin/$a" ] || ln -s "/$bb" "$r/bin/$a"
done
cp "$T_BIN" "$r/bin/capejail"
cp "$PROBE" "$r/bin/probe"
mkdir -p "$r/sys" "$r/data"
echo 'cj:x:1000:1000:cj:/tmp:/bin/sh' >>"$r/etc/passwd"
echo 'cj:x:1000:' >>"$r/etc/group"
mkdir "$data"
chmod 1777 "$data" # both of the container's users write there
echo "the container's own file" >"$data/mine"
chmod 0644 "$data/mine"

# The checks, run by busybox sh in the container: NAME=VALUE lines.
cat >"$r/check.sh" <<'EOS'
#!/bin/sh
say() { echo "$1=$(echo "$2" | tr '\n' ' ' | sed 's/ *$//')"; }
cj() { capejail "$@" 2>/tmp/err; }
say whoami "$(id -u):$(id -g)"
say map "$(cat /proc/self/uid_map)"
# identity
say id "$(cj -q -- id)"
say id_user "$(cj -q -u cj -- id)"
say status "$(cj -q -- grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status)"
# the filter: a blocked syscall (EPERM and capejail's line), a fatal one
say blocked "$(cj -- probe sys 50 -1 1)"
say blocked_line "$(cat /tmp/err)"
cj -- probe sys 161 >/dev/null
say fatal "$? $(cat /tmp/err)"
# mounts: the jail's root, its own /proc, a bind
say root "$(cj -q -- ls /)"
say pid "$(cj -q -- sh -c 'echo $$ /proc/[0-9]*')"
say proc "$(cj -q -- grep ' /proc ' /proc/self/mounts)"
say data_hidden "$(capejail -q -- ls /data 2>&1; echo $?)"
say bind "$(cj -q --bind /data -- sh -c "cat /data/mine; echo from the jail > /data/from-$(id -u); echo \$?")"
say ro_bind "$(capejail -q --ro-bind /data:/ro -- sh -c 'echo x > /ro/nope' 2>&1; echo $?)"
# limits: a delegated pids cgroup (--pids), or its error; the default cap
cj -q --pids 3 -- sh -c 'sleep 1 & sleep 1 & sleep 1 & sleep 1 & wait' >/dev/null 2>&1
say pids "$? $(cat /tmp/err)"
say cgroups_left "$(ls -d /sys/fs/cgroup/pids/capejail.* 2>/dev/null | wc -l)"
say nproc_default "$(cj -q -- sh -c 'ulimit -u')"
say nproc "$(capejail -q --rlimit nproc=3 -- sh -c 'sleep 1 & sleep 1 & sleep 1 & sleep 1 & wait' 2>&1 | grep -c "can't fork")"
EOS
chmod 0755 "$r/check.sh"
(cd "$b" && runc spec) || { echo "Bail out! runc spec"; exit 1; }
cp "$b/config.json" "$b/runc-default.json"

# pod_config UID SECCOMP MASKS ARGS...: config.json as a pod's container
# with hostUsers: false. SECCOMP: a profile file or -; MASKS: runc's
# default maskedPaths and readonlyPaths (default), only the masks (masked),
# none (unmasked: procMount Unmasked, systempaths=unconfined).
pod_config() {
	python3 - "$b" "$BASE" "$CG" "$data" "$@" <<'PY'
import json, os, sys
b, base, cg, data, uid, seccomp, masks = sys.argv[1:8]
args = sys.argv[8:]
c = json.load(open(os.path.join(b, "runc-default.json")))
p = c["process"]
p.update(terminal=False, args=args, cwd="/", noNewPrivileges=True,
         user={"uid": int(uid), "gid": int(uid)})
# root: Docker's (and containerd's) default capabilities; the user none
# at all, as the pod in doc/deploying.md drops ALL (capejail needs none: it has all
# of its own user namespace's).
caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
        "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
        "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE"]
p["capabilities"] = ({k: caps for k in ("bounding", "effective", "permitted")}
                     if uid == "0" else {})
l = c["linux"]
l["namespaces"] = [{"type": t} for t in
                   ("pid", "network", "ipc", "uts", "mount", "user", "cgroup")]
l["uidMappings"] = l["gidMappings"] = [
    {"containerID": 0, "hostID": int(base), "size": 65536}]
if masks == "masked":
    l["readonlyPaths"] = []
elif masks == "unmasked":
    l["maskedPaths"] = l["readonlyPaths"] = []
if seccomp != "-":
    l["seccomp"] = json.load(open(seccomp))
l["cgroupsPath"] = "/" + cg
for m in c["mounts"]:
    if m["type"] == "cgroup":  # writable: where its root may write
        m["options"] = [o for o in m["options"] if o != "ro"] + ["rw"]
c["mounts"] += [  # a pod's volumes: a directory of the host's, scratch
    {"destination": "/data", "type": "bind", "source": data,
     "options": ["rbind", "rw", "nosuid", "nodev"]},
    {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "nodev", "mode=1777", "size=16m"]}]
json.dump(c, open(os.path.join(b, "config.json"), "w"), indent=1)
PY
}

# A pids cgroup for the container, given to its root (host uid $BASE):
# what a runtime delegating a cgroup to a pod with a user namespace does.
# runc puts the container in it and removes it when the container goes.
delegate() {
	mkdir -p "/sys/fs/cgroup/pids/$CG" &&
		chown "$BASE:$BASE" "/sys/fs/cgroup/pids/$CG" \
			"/sys/fs/cgroup/pids/$CG/cgroup.procs" "/sys/fs/cgroup/pids/$CG/tasks"
}

# container UID SECCOMP MASKS ARGS...: run it, then delete it; output in
# $T_TMP/ct.out, its errors in $T_TMP/ct.err, status in CT_RC.
container() {
	pod_config "$@"
	runc run -b "$b" "$ID" </dev/null >"$T_TMP/ct.out" 2>"$T_TMP/ct.err"
	CT_RC=$?
	runc delete -f "$ID" >/dev/null 2>&1
}
val() { sed -n "s/^$1=//p" "$T_TMP/ct.out"; }

before=$(host_state)
t0=$(date +%s)

for who in root cj; do
	uid=0
	[ "$who" = cj ] && uid=1000
	host_uid=$((BASE + uid))
	delegated=yes
	delegate 2>/dev/null || delegated=""
	container "$uid" "$profile" unmasked /check.sh
	is "$CT_RC" 0 "$who: the container ran the checks"
	is "$(val whoami)" "$uid:$uid" "$who: capejail runs as the container's $who (host uid $host_uid)"
	like "$(val map)" "^ *0 +$BASE +65536$" "$who: ... in a user namespace of 65536 host ids"
	is "$(val id)" "uid=65534(nobody) gid=65534(nogroup)" "$who: identity in the jail: nobody"
	is "$(val id_user)" "uid=1000(cj) gid=1000(cj)" "$who: -u cj, from the container's /etc/passwd"
	like "$(val status)" "^CapEff:[[:space:]]+0+ NoNewPrivs:[[:space:]]+1 Seccomp:[[:space:]]+2$" "$who: no capability, no_new_privs, the filter"
	is "$(val blocked)" "ret=-1 errno=1" "$who: a blocked syscall (listen) fails with EPERM"
	like "$(val blocked_line)" "^capejail: blocked listen \(50\) in pid 2 'probe': EPERM" "$who: ... and capejail names it"
	like "$(val fatal)" "^159 capejail: killed the jail: chroot \(161\) in pid 2 'probe'" "$who: a ⚠️ syscall kills the jail (159), named"
	like "$(val root)" "^bin dev etc lib lib64 proc tmp usr$" "$who: the jail's root: the default root from the container's files"
	is "$(val pid)" "2 /proc/1 /proc/2" "$who: a /proc of its own: the program is PID 2 of two"
	like "$(val proc)" "^proc /proc proc rw,nosuid,nodev,noexec" "$who: ... a fresh proc, nosuid, nodev, noexec"
	like "$(val data_hidden)" "No such file or directory 1$" "$who: the container's /data is not in the jail"
	is "$(val bind)" "the container's own file 0" "$who: --bind /data: the container's file read in the jail"
	is "$(cat "$data/from-$uid" 2>/dev/null)" "from the jail" "$who: ... and the jail's file written to it"
	is "$(stat -c %u:%g "$data/from-$uid" 2>/dev/null)" "$host_uid:$host_uid" "$who: ... owned, on the host, by the container's $who (rootless: the caller)"
	like "$(val ro_bind)" "Read-only file system 1$" "$who: --ro-bind: read-only"
	if [ "$who" = root ] && [ -z "$delegated" ]; then
		skip "$who: --pids in a delegated cgroup" "no cgroup v1 pids hierarchy here to delegate (cgroup v2 is untested)"
		skip "$who: ... and capejail removed its cgroup" "no delegated cgroup"
	elif [ "$who" = root ]; then
		like "$(val pids)" "^[12] sh: can't fork" "$who: --pids 3 in the delegated cgroup: not every process starts"
		is "$(val cgroups_left)" 0 "$who: ... and capejail removed its cgroup"
	else
		# The v1 and the v2 (a VM of make vm-test) wording.
		like "$(val pids)" "^125 capejail: --pids: needs root or a (pids cgroup delegated to uid 1000 \(rootless, no writable one here\)|cgroup delegated to uid 1000 with the pids controller \(none above /[^)]*; systemd-run --user --scope -p Delegate=yes makes one\))$" "$who: --pids without a cgroup delegated to the user: the error"
	fi
	is "$(val nproc_default)" 512 "$who: the default cap: RLIMIT_NPROC 512 (per user namespace: the jail's own)"
	like "$(val nproc)" "^[1-9]" "$who: --rlimit nproc=3 holds: not all four processes start"
	# From the host: the container is gone and left nothing.
	runc state "$ID" >/dev/null 2>&1
	is "$?" 1 "$who: the runc container is deleted"
	is "$(ps -e -o uid= | awk -v lo="$BASE" '$1 >= lo && $1 < lo + 65536' | wc -l)" 0 "$who: no process of the container's uids left"
	ok "$([ ! -e "/sys/fs/cgroup/pids/$CG" ] || [ -z "$(ls -d "/sys/fs/cgroup/pids/$CG"/capejail.* 2>/dev/null)" ]; echo $?)" "$who: no jail cgroup left"
	rmdir "/sys/fs/cgroup/pids/$CG" 2>/dev/null
	[ "$(val whoami)" = "$uid:$uid" ] || sed "s/^/# /" "$T_TMP/ct.err" "$T_TMP/ct.out" | head -20 >&2
done

# What the container must allow. runc's default maskedPaths and
# readonlyPaths (what a pod without procMount: Unmasked gets): a read-only
# /proc/sys keeps capejail from setting the jail's max_user_namespaces,
# and masks over parts of /proc keep the kernel from mounting a new one in
# a user namespace (mount_too_revealing: only where one is visible whole).
container 1000 "$profile" default sh -c 'capejail -q -- id; echo $?'
is "$(cat "$T_TMP/ct.out")" 125 "runc's default /proc masks: capejail cannot make the jail"
like "$(cat "$T_TMP/ct.err")" "max_user_namespaces: read-only here \(a container's read-only /proc/sys\?\)" "... a read-only /proc/sys, said"
container 1000 "$profile" masked sh -c 'capejail -q -- id; echo $?'
is "$(cat "$T_TMP/ct.out")" 125 "runc's default masks alone: capejail cannot make the jail"
like "$(cat "$T_TMP/ct.err")" "mount proc on .*: Operation not permitted \(a container's /proc with masked or read-only parts\?\)" "... the kernel refuses a new /proc, said"

# The profile: the output of tools/container-profile.py for this
# SYSCALLS.md, and each syscall it allows beyond Docker's default needed.
is "$("$T_BIN" --print-policy list | python3 "$top/tools/container-profile.py" | md5sum)" "$(md5sum <"$profile")" \
	"contrib/capejail-container.json is tools/container-profile.py's output for this SYSCALLS.md"
without() { # without NAME: the profile without NAME, or with clone's Docker rule
	python3 - "$profile" "$1" >"$T_TMP/without.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["syscalls"]:
    s["names"] = [n for n in s["names"] if n != sys.argv[2]]
if sys.argv[2] == "clone":  # Docker's: no namespace flag
    d["syscalls"].append({"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [
        {"index": 0, "value": 0x7E020000, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]})
json.dump(d, sys.stdout)
PY
}
for name in clone unshare mount umount2 pivot_root fsopen fsconfig fsmount open_tree move_mount mount_setattr sethostname; do
	without "$name"
	container 1000 "$T_TMP/without.json" unmasked sh -c 'capejail -q -- true; echo $?'
	is "$(cat "$T_TMP/ct.out")/$(grep -c 'Function not implemented\|Operation not permitted' "$T_TMP/ct.err")" "125/1" \
		"the profile without ${name}$([ "$name" = clone ] && echo "'s namespace flags"): capejail cannot make the jail ($(head -1 "$T_TMP/ct.err"))"
done
echo "# the container checks took $(($(date +%s) - t0)) s"

runc state "$ID" >/dev/null 2>&1
is "$?" 1 "no runc container left"
is "$(host_state)" "$before" "no mount, file or cgroup of capejail's left on the host"
is "$(live_capejails)" 0 "no capejail process left"

done_testing
