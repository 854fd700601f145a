#!/bin/bash
# Real programs that SYSCALLS.md's deviations of issue #18 were decided for,
# and the shipped policies (policies/): each runs in the default jail, or
# with the shipped policy its blocked line names.
. "$(dirname "$0")/lib.sh"

w="$T_TMP/w"
mkdir -p "$w"
chmod 0777 "$w"

# mkfifo(1) and a FIFO used: mknodat with S_IFIFO.
jail -- sh -c 'cd /tmp && mkfifo f && (echo through >f &) && cat f'
is "$RC/$OUT/$ERR" "0/through/" "mkfifo: a FIFO is made and used, nothing named"

# Python multiprocessing: Value, Array, Lock (statvfs of /dev/shm), a Pool.
jail -- python3 -c '
import multiprocessing as mp
def work(v, a, l):
    with l:
        v.value += 1
        a[0] += 2
if __name__ == "__main__":
    v, a, l = mp.Value("i", 0), mp.Array("i", [0, 0]), mp.Lock()
    ps = [mp.Process(target=work, args=(v, a, l)) for _ in range(3)]
    [p.start() for p in ps]; [p.join() for p in ps]
    with mp.Pool(2) as pool:
        print(v.value, a[0], sum(pool.map(abs, [-1, -2])))'
is "$RC/$OUT/$ERR" "0/3 6 3/" "multiprocessing Value, Array, Lock and Pool run, nothing named"

# GNU make runs recipes (setresuid to its own ids); gcc's program runs.
jail -- sh -c 'cd /tmp && printf "all:\n\tprintf \"int main(void){return 42;}\" > m.c\n\tgcc -o m m.c\n\t./m; echo rc=\$\$?\n" > Makefile && make -s'
is "$RC/$OUT" "0/rc=42" "make runs its recipe, gcc builds, the program runs"

# tar -x of an archive with a symlink: blocked by default and named, with
# the shipped policy that lifts it; with --policy build it unpacks.
mkdir -p "$T_TMP/src/d"
echo hello >"$T_TMP/src/d/file"
ln -s file "$T_TMP/src/d/link"
tar -C "$T_TMP/src" -cf "$w/a.tar" d
chmod 0644 "$w/a.tar"
jail --ro-bind "$w:/w" -- sh -c 'cd /tmp && tar -xf /w/a.tar; cat d/file'
is "$OUT" "hello" "tar -x, default: the file is there"
like "$ERR" "capejail: blocked symlinkat \(266\) in pid [0-9]+ 'tar': EPERM — \"Creating a symbolic link relative to a directory is blocked like symlink.\" \(SYSCALLS.md#symlinkat; --policy build allows it\)" "... the link is refused and the line names --policy build"
jail --policy build --ro-bind "$w:/w" -- sh -c 'cd /tmp && tar -xf /w/a.tar && cat d/link && readlink d/link'
is "$RC/$OUT/$ERR" "0/$(printf 'hello\nfile')/" "tar -x with --policy build: the link is made, nothing named"

# git: init, commit, clone of a local repository (its probe of symlink
# support fails quietly by default and it goes on).
jail -- sh -c 'cd /tmp && export HOME=/tmp GIT_AUTHOR_NAME=a GIT_AUTHOR_EMAIL=a@b GIT_COMMITTER_NAME=a GIT_COMMITTER_EMAIL=a@b &&
	git init -q r && cd r && echo x >f && chmod +x f && git add f && git commit -qm one && cd .. &&
	git clone -q r c 2>&1 && cat c/f && test -x c/f && git -C c log --format=%s'
is "$RC/$OUT" "0/$(printf 'x\none')" "git init, commit, clone of a local repository: the clone has the file, its mode and the log"

# A Unix-socket server: listen is blocked by default and the line names
# --policy server; with it the server answers.
srv='
import os, socket, threading
p = "/tmp/s"
s = socket.socket(socket.AF_UNIX)
s.bind(p)
s.listen()
def serve():
    c, _ = s.accept()
    c.sendall(c.recv(10).upper())
    c.shutdown(socket.SHUT_WR)
    c.close()
threading.Thread(target=serve).start()
k = socket.socket(socket.AF_UNIX)
k.connect(p)
k.sendall(b"ping")
print(k.recv(10).decode())'
jail -- python3 -c "$srv"
is "$RC" 1 "a Unix-socket server, default: listen fails"
is "$(echo "$ERR" | grep '^capejail:')" "capejail: blocked listen (50) in pid 2 'python3': EPERM — \"Listen for a connection on a socket.\" (SYSCALLS.md#listen; --policy server allows it)" "... and the line names --policy server"
jail --policy server -- python3 -c "$srv"
is "$RC/$OUT/$ERR" "0/PING/" "with --policy server: it listens, accepts, answers and shuts down"
jail -- python3 -c '
import asyncio
async def main():
    srv = await asyncio.start_unix_server(lambda r, w: (w.write(b"hi"), w.close()), "/tmp/a")
    r, w = await asyncio.open_unix_connection("/tmp/a")
    print((await r.read()).decode()); srv.close()
asyncio.run(main())'
like "$RC/$ERR" "^1/.*blocked listen .*--policy server allows it" "an asyncio Unix server, default: listen refused, --policy server named"
jail --policy server -- python3 -c '
import asyncio
async def main():
    srv = await asyncio.start_unix_server(lambda r, w: (w.write(b"hi"), w.close()), "/tmp/a")
    r, w = await asyncio.open_unix_connection("/tmp/a")
    print((await r.read()).decode()); srv.close()
asyncio.run(main())'
is "$RC/$OUT/$ERR" "0/hi/" "an asyncio Unix server with --policy server"

# node's execFileSync: libuv shuts down the child's stdin socketpair
# (shutdown, allowed now).
if command -v node >/dev/null; then
	jail -- node -e 'console.log(require("child_process").execFileSync("echo", ["child"]).toString().trim())'
	is "$RC/$OUT/$ERR" "0/child/" "node execFileSync runs a child, nothing named"
fi

# Shipped policies combine; an unknown name is refused with the names.
jail --policy build,server -- sh -c 'ln -s a /tmp/l && readlink /tmp/l'
is "$RC/$OUT" "0/a" "--policy build,server: both apply"
jail --policy nope -- true
is "$RC/$ERR" "125/capejail: --policy nope: no shipped policy of that name (shipped: build, server); a file's path needs a slash, such as ./nope" "--policy of an unknown name: 125, with the shipped names"
jail --policy server --print-policy list
is "$(echo "$OUT" | grep -E '^(listen|accept4|symlink) ')" "$(printf 'accept4 288 allow\nlisten 50 allow\nsymlink 88 errno EPERM')" "--print-policy shows the shipped policy applied"
jail -- python3 -c 'import ctypes; ctypes.CDLL(None).syscall(163, 0)'
like "$ERR" "\(SYSCALLS.md#acct\)$" "a block no shipped policy lifts: no hint"

# --learn proposes the shipped policy that covers what it saw.
jail --learn --learn-out "$T_TMP/l.md" -- sh -c 'ln -s a /tmp/l'
like "$ERR" "capejail: learn: the shipped policy allows what it needs: --policy build" "--learn: the shipped policy that covers it"
like "$(cat "$T_TMP/l.md")" "capejail --policy build" "--learn-out proposes it too"
# The table of answers is made at the first blocked call (notify.c); a
# learning run makes it at once, so that nothing blocked is said too.
jail --learn -- true
is "$RC/$ERR" "0/capejail: --learn: blocked syscalls run and are recorded (⚠️ ones fail with EPERM)
capejail: learn: the program made no blocked syscall" "--learn with nothing blocked: says so"
# Two blocked calls of one run: both answered from the table made at the
# first (the second is counted, not named again).
jail --report "$T_TMP/r.json" -- sh -c 'ln -s a /tmp/x; ln -s b /tmp/y; true'
like "$(cat "$T_TMP/r.json")" '"blocked": \[\{"syscall": "symlinkat", "count": 2\}\]' "the table made at the first blocked call counts the second"

# DNS with --share-net: glibc's resolver sets IP_RECVERR (allowed now). A
# stub resolver on a loopback address of a network namespace this test
# makes; nothing leaves the machine.
if command -v unshare >/dev/null; then
	cat >"$T_TMP/dns.py" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.53", 53))
open(sys.argv[1], "w").close()
while True:
    q, a = s.recvfrom(512)
    qid, qd = q[:2], q[12:]
    end = qd.index(b"\0") + 5
    qtype = struct.unpack(">H", qd[end - 4:end - 2])[0]
    ans = b""
    n = 0
    if qtype == 1:
        ans = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + bytes([192, 0, 2, 7])
        n = 1
    s.sendto(qid + b"\x81\x80" + struct.pack(">HHHH", 1, n, 0, 0) + qd[:end] + ans, a)
PY
	echo "nameserver 127.0.0.53" >"$T_TMP/resolv.conf"
	printf 'hosts: dns\n' >"$T_TMP/nsswitch.conf"
	chmod 0644 "$T_TMP/resolv.conf" "$T_TMP/nsswitch.conf" "$T_TMP/dns.py"
	OUT=$(unshare -n sh -c '
		ip link set lo up 2>/dev/null || python3 -c "import socket, fcntl, struct; s = socket.socket(); fcntl.ioctl(s, 0x8914, struct.pack(\"16sh\", b\"lo\", 1))"
		python3 "$1/dns.py" "$1/ready" & p=$!
		for i in $(seq 300); do [ -e "$1/ready" ] && break; sleep 0.1; done
		"$2" --share-net --ro-bind "$1/resolv.conf:/etc/resolv.conf" --ro-bind "$1/nsswitch.conf:/etc/nsswitch.conf" -- python3 -c "import socket; print(socket.gethostbyname(\"name.test\"))" 2>"$1/err"
		echo "rc=$?"
		kill $p' sh "$T_TMP" "$CAPEJAIL")
	# (A kernel without Landlock's scoping, before 6.12, adds its one
	# warning line for --share-net: 90-redteam checks it.)
	is "$OUT/$(grep -v "this kernel cannot keep the jail from the host's abstract unix sockets" "$T_TMP/err")" "$(printf '192.0.2.7\nrc=0')/" "--share-net: a host name resolves through glibc's resolver (IP_RECVERR allowed), nothing named"
else
	skip "DNS with --share-net" "no unshare"
fi

done_testing
