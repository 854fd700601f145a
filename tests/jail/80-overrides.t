#!/bin/bash
# The policy per run: --allow, --block, --policy FILE, --blocked-errno,
# --on-blocked, --print-policy; and the exported OCI profile, run by runc.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
root="$T_TMP/root"
make_root "$root"
p() { "$CAPEJAIL" "$@" 2>"$T_TMP/err"; }
nr() { python3 -c "import ctypes; print(ctypes.CDLL('libseccomp.so.2').seccomp_syscall_resolve_name(b'$1'))"; }
CAPGET=$(nr capget) # blocked, quiet
GETPID=$(nr getpid)

is "$(p -r "$root" -- /bin/probe sys "$CAPGET")" "ret=-1 errno=1" "capget blocked by default"
got=$(p --allow capget -r "$root" -- /bin/probe sys "$CAPGET")
unlike_perm=$([ "$got" != "ret=-1 errno=1" ]; echo $?)
ok "$unlike_perm" "--allow capget: no longer EPERM ($got)"
is "$(p --block getpid -r "$root" -- /bin/probe sys "$GETPID")" "ret=-1 errno=1" "--block getpid: EPERM"
is "$(p --block getpid,getppid --blocked-errno EIO -r "$root" -- /bin/probe sys "$GETPID")" "ret=-1 errno=5" "--block with a list, --blocked-errno EIO"
is "$(p --blocked-errno 77 -r "$root" -- /bin/probe sys "$CAPGET")" "ret=-1 errno=77" "--blocked-errno by number"
p --on-blocked kill -r "$root" -- /bin/probe sys "$CAPGET" >/dev/null
is "$?" 159 "--on-blocked kill: a plain block kills the jail"
like "$(cat "$T_TMP/err")" "killed the jail: capget .* \(--on-blocked kill\)" "... and says why"
is "$(p --on-blocked kill -r "$root" -- /bin/probe sys "$(nr io_uring_setup)" 1 0)" "ret=-1 errno=38" "--on-blocked kill: io_uring keeps its ENOSYS (libc falls back)"
is "$(p --allow chroot -r "$root" -- /bin/probe sys "$(nr chroot)")" "ret=-1 errno=14" "--allow even a ⚠️ syscall: reaches the kernel (EFAULT)"
is "$(p --allow ioctl --blocked-errno 4000 -r "$root" -- /bin/probe sys 16 0 0x5412)" "ret=-1 errno=4000" "--allow ioctl keeps its TIOCSTI rule"

# gcc's output made executable when chmod is allowed for the run.
jail --allow chmod,fchmod,fchmodat -- sh -c 'cd /tmp && echo "int main(void){return 7;}" > a.c && gcc a.c -o a && ./a'
is "$RC" 7 "--allow chmod: gcc's program runs"

# Bad input: a clear error, 125, no jail.
before=$(host_state)
p --allow nosuchcall -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: --allow nosuchcall: not a syscall of this architecture" "--allow of an unknown name"
p --block __clone2 -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: --block __clone2: not a syscall of this architecture" "--block of another architecture's syscall"
p --allow "" -- true; is "$?" 125 "--allow ''"
p --allow a,,b -- true; is "$?" 125 "--allow with an empty name"
p --blocked-errno EBOGUS -- true; like "$?/$(cat "$T_TMP/err")" "^125/capejail: --blocked-errno EBOGUS: expected" "--blocked-errno of an unknown name"
p --blocked-errno 0 -- true; is "$?" 125 "--blocked-errno 0"
p --blocked-errno 4096 -- true; is "$?" 125 "--blocked-errno 4096"
p --on-blocked maybe -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: --on-blocked maybe: expected kill or errno" "--on-blocked of a bad word"
p --block wait4 -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: wait4 cannot be blocked: capejail's init calls it under the filter" "a block that would leave init unable to reap is refused"
printf '## Blocked\n\n### rt_sigtimedwait\n\nNo.\n' >"$T_TMP/p2.md"
p --policy "$T_TMP/p2.md" -- true; is "$?" 125 "... also from a policy file"
p --print-policy yaml; is "$?/$(cat "$T_TMP/err")" "125/capejail: --print-policy yaml: expected markdown, list or oci" "--print-policy of a bad format"

pol="$T_TMP/policy.md"
printf '## Allowed\n\n### fstatfs\n\nTODO: say why this program needs it\n' >"$pol"
p --policy "$pol" -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: $pol:3: fstatfs: the reason still starts with TODO: say why the program needs it" "--policy refuses a TODO reason"
printf '## Allowed\n\n### fstatfs\n\n' >"$pol"
p --policy "$pol" -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: $pol:3: fstatfs: no reason given (every entry needs one)" "--policy refuses an entry without a reason"
printf '## Allowed\n\n### fstatfss\n\nTypo.\n' >"$pol"
p --policy "$pol" -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: $pol:3: fstatfss: not a syscall of this architecture" "--policy refuses an unknown name"
printf '### fstatfs\n\nOutside.\n' >"$pol"
p --policy "$pol" -- true; like "$?/$(cat "$T_TMP/err")" "^125/capejail: $pol:1: ### heading outside" "--policy refuses a heading outside a section"
printf '## Allowed\n\n### fstatfs\n\nA.\n\n## Blocked\n\n### fstatfs\n\nB.\n' >"$pol"
p --policy "$pol" -- true; like "$?/$(cat "$T_TMP/err")" "^125/capejail: $pol:9: fstatfs is listed twice \(also at line 3, with the other verdict\)" "--policy refuses the same name with two verdicts"
head -c 3000 /dev/urandom >"$pol"
p --policy "$pol" -- true; like "$?/$(cat "$T_TMP/err")" "^125/capejail: $pol:[0-9]+: not text" "--policy refuses binary junk"
truncate -s 100M "$pol"
p --policy "$pol" -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: --policy $pol: larger than 1048576 bytes" "--policy refuses a 100 MB file"
p --policy "$T_TMP/none.md" -- true; is "$?/$(cat "$T_TMP/err")" "125/capejail: --policy $T_TMP/none.md: No such file or directory" "--policy of a missing file"
is "$(host_state)" "$before" "bad policies leave nothing behind"
is "$(live_capejails)" 0 "... and no process"

printf '# Mine\n\n## Allowed\n\n### capget\n\nThis program reads its capabilities.\n\n## Blocked\n\n### getpid\n\nNot for this program.\n\n- `errno EACCES`\n' >"$pol"
is "$(p --policy "$pol" -r "$root" -- /bin/probe sys "$GETPID")" "ret=-1 errno=13" "--policy: a blocked entry with its own errno"
got=$(p --policy "$pol" -r "$root" -- /bin/probe sys "$CAPGET")
ok "$([ "$got" != "ret=-1 errno=1" ]; echo $?)" "--policy: an allowed entry reaches the kernel ($got)"

# --print-policy: derived from SYSCALLS.md and the overrides.
"$CAPEJAIL" --print-policy list >"$T_TMP/list"
is "$(grep -c . "$T_TMP/list")" "$(( $(awk '/^## /{s=$2} /^### / && (s=="Blocked"||s=="Allowed") && !/\(/' "$top/SYSCALLS.md" | wc -l) + 1 ))" "--print-policy list: a line per entry of this architecture, and the default"
is "$(grep '^chroot ' "$T_TMP/list")" "chroot 161 kill" "list: chroot kills"
is "$(grep '^capget ' "$T_TMP/list")" "capget 125 errno EPERM quiet" "list: capget EPERM, quiet"
is "$(grep '^mknodat ' "$T_TMP/list")" "mknodat 259 allow; block if arg2 & 0xfc00 not in 0x0,0x1000,0x8000,0xc000 -> kill" "list: mknodat's masked rule kills"
is "$(grep '^setsockopt ' "$T_TMP/list" | cut -c1-79)" "setsockopt 54 allow; block if arg1,arg2 not in 0x1:0x2,0x1:0x6,0x1:0x7,0x1:0x8," "list: setsockopt's pair rule"
is "$(grep '^acct ' "$T_TMP/list")" "acct 163 errno EPERM" "list: acct EPERM"
is "$("$CAPEJAIL" --block read --print-policy list | grep '^read ')" "read 0 errno EPERM" "list follows --block"
"$CAPEJAIL" --allow capget --block read --print-policy markdown >"$T_TMP/eff.md"
is "$?" 0 "--print-policy markdown"
is "$("$CAPEJAIL" --policy "$T_TMP/eff.md" --print-policy list | md5sum)" "$("$CAPEJAIL" --allow capget --block read --print-policy list | md5sum)" "the printed markdown reads back as the same policy"

# OCI: the same policy under runc.
"$CAPEJAIL" --print-policy oci >"$T_TMP/oci.json"
is "$?" 0 "--print-policy oci"
ok "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["defaultAction"]=="SCMP_ACT_ERRNO" and d["defaultErrnoRet"]==38 and d["syscalls"]' "$T_TMP/oci.json" >/dev/null 2>&1; echo $?)" "the OCI profile is JSON with defaultAction, defaultErrnoRet and syscalls"
if command -v runc >/dev/null && command -v busybox >/dev/null; then
	b="$T_TMP/bundle"
	mkdir -p "$b/rootfs/bin"
	cp "$PROBE" "$b/rootfs/bin/probe"
	(cd "$b" && runc spec)
	run_oci() { # run_oci ARGS...: the probe in a runc container with the profile
		python3 - "$b/config.json" "$T_TMP/oci.json" "$@" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["process"]["args"] = ["/bin/probe"] + sys.argv[3:]
cfg["process"]["terminal"] = False
cfg["linux"]["seccomp"] = json.load(open(sys.argv[2]))
json.dump(cfg, open(sys.argv[1], "w"))
PY
		runc run -b "$b" "capejail-test-$$" </dev/null 2>/dev/null
		echo "rc=$?" >"$T_TMP/rc"
		runc delete -f "capejail-test-$$" >/dev/null 2>&1
	}
	# Results compared as errno and exit status (return values such as
	# getppid's differ between the two). The new rule forms (a mask,
	# a pair of arguments) are among them.
	norm() { sed 's/^ret=[0-9]* errno=0$/allowed/'; }
	for args in "sys $(nr getppid)" "sys 16 0 0x5412" "sys 16 0 0x100005412" "sys 41 40 1 0" "sys 41 1 1 0" \
		"sys $(nr io_uring_setup) 1 0" "sys $(nr clone3)" "sys 56 0x10000000" "sys 135 0x400000" "sys 135 0xffffffff" "sys 1000" "sys $(nr chroot)" \
		"sys 54 0 1 26" "sys 54 0 6 1" "sys 54 0 0x100000001 2" "sys 54 0 1 12" "sys 41 2 1 132" "sys 41 2 1 6" "sys 41 16 3 16" \
		"sys 133 0 0x2000 0" "sys 133 0 0x1000 0" "sys 259 0 0 0x6000 0" "sys 90 0 0x9ed" "sys 90 0 0x1ed" "sys 144 0 1 0" "sys 144 0 3 0" \
		"sys 41 2 6 0" "sys 41 2 0x80801 0" "sys 41 1 5 0" "sys 53 1 4 0 0" "sys 157 22 2 0" "sys 157 21 0 0"; do
		# shellcheck disable=SC2086
		want=$("$CAPEJAIL" -r "$root" -- /bin/probe $args 2>/dev/null >"$T_TMP/w"; echo "rc=$?" >"$T_TMP/wrc"; norm <"$T_TMP/w"; cat "$T_TMP/wrc")
		# shellcheck disable=SC2086
		got=$(run_oci $args | norm; cat "$T_TMP/rc")
		is "$got" "$want" "runc with the exported profile answers as capejail: probe $args"
	done
else
	skip "runc with the exported profile" "runc or busybox not installed"
fi

done_testing
