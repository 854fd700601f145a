#!/bin/bash
# --net none|host|user. user: outbound TCP, UDP and DNS through slirp4netns
# reach a server in another network namespace the test makes (no traffic
# leaves the machine), and nothing of the host's loopback, the metadata
# address 169.254.169.254, or a listener in the jail is reachable across.
. "$(dirname "$0")/lib.sh"

jail --net frob -- true
is "$RC/$ERR" "125/capejail: --net frob: expected none, host or user" "--net frob: 125, one line"
jail --net none -- python3 -c 'import socket
try:
    socket.create_connection(("10.0.2.2", 80), timeout=3)
except OSError as e:
    print(e.errno)'
is "$RC/$OUT" "0/101" "--net none: no route anywhere (ENETUNREACH)"
jail --net host -- cat /proc/net/dev
is "$(echo "$OUT" | wc -l)" "$(wc -l </proc/net/dev)" "--net host: the host's interfaces (as --share-net)"

if ! [ -x /usr/bin/slirp4netns ]; then
	jail --net user -- true
	like "$RC/$ERR" "^125/capejail: --net user needs slirp4netns" "--net user without slirp4netns: 125, says what to install"
	done_testing
	exit
fi
if rootless && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
	jail --net user -- true
	like "$RC/$ERR" "^125/capejail: --net user: rootless, slirp4netns needs /dev/net/tun open to every user" "rootless --net user where /dev/net/tun is $(stat -c %a /dev/net/tun): 125, says why"
	done_testing
	exit
fi

# The far side: a network namespace with a TCP server and a DNS server
# that answers every name with its own address, behind a veth pair.
n=$(($$ % 200 + 20))
ns="cjnet$$"
va="cjv$$a"
vb="cjv$$b"
far="10.231.$n.2"
cleanup_net() {
	[ "$BASHPID" = "$T_SHELL" ] || return 0
	[ -n "${srv:-}" ] && kill "$srv" 2>/dev/null
	[ -n "${lo_srv:-}" ] && kill "$lo_srv" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	ip link del "$va" 2>/dev/null
	rm -rf "$T_TMP"
}
trap cleanup_net EXIT
ip netns add "$ns" && ip link add "$va" type veth peer name "$vb" &&
	ip link set "$vb" netns "$ns" && ip addr add "10.231.$n.1/30" dev "$va" &&
	ip link set "$va" up && ip netns exec "$ns" ip addr add "$far/30" dev "$vb" &&
	ip netns exec "$ns" ip link set "$vb" up && ip netns exec "$ns" ip link set lo up
ok $? "the test's far network: $far in namespace $ns"
ip netns exec "$ns" python3 -c '
import socket, struct, sys, threading
far = sys.argv[1]
def dns():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((far, 53))
    while True:
        q, peer = s.recvfrom(512)
        # The question, echoed, and one A record of far.
        end = 12
        while q[end]:
            end += q[end] + 1
        question = q[12:end + 5]
        a = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(far)
        s.sendto(q[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, 1, 0, 0) + question + a, peer)
threading.Thread(target=dns, daemon=True).start()
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind((far, 8000))
t.listen()
open(sys.argv[2], "w").close()
while True:
    c, _ = t.accept()
    c.sendall(b"hello from the far side\n")
    c.close()
' "$far" "$T_TMP/far-ready" &
srv=$!
# A service on the host's loopback, which the jail must not reach.
python3 -c '
import socket, sys
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.1", 0))
t.listen()
open(sys.argv[1], "w").write(str(t.getsockname()[1]))
while True:
    t.accept()[0].close()
' "$T_TMP/lo-port" &
lo_srv=$!
for _ in $(seq 200); do
	[ -e "$T_TMP/far-ready" ] && [ -s "$T_TMP/lo-port" ] && break
	sleep 0.05
done
lo_port=$(cat "$T_TMP/lo-port")
echo "nameserver $far" >"$T_TMP/resolv.conf"
chmod 644 "$T_TMP/resolv.conf"

jail --net user --ro-bind "$T_TMP/resolv.conf:/etc/resolv.conf" -- python3 -c '
import socket, sys
name = "svc.capejail.test"
addr = socket.gethostbyname(name)
print(addr)
print(socket.create_connection((addr, 8000), timeout=10).makefile().readline().strip())
def reach(host, port):
    try:
        socket.create_connection((host, port), timeout=5).close()
        return "reached"
    except OSError as e:
        return "refused" if e.errno == 111 else "unreachable"
print(reach("127.0.0.1", int(sys.argv[1])), reach("10.0.2.2", int(sys.argv[1])), reach("169.254.169.254", 80))
' "$lo_port"
is "$RC/$(echo "$OUT" | tr '\n' '|')" "0/$far|hello from the far side|refused unreachable unreachable|" \
	"--net user: a DNS name resolves and its TCP server answers; the host's loopback service is not reached (127.0.0.1 is the jail's own lo; 10.0.2.2 leads nowhere), nor 169.254.169.254"

# A server in the jail is not a listener of the host's.
"$CAPEJAIL" --net user --policy server -- python3 -c '
import socket, time
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("0.0.0.0", 18931))
t.listen()
open("/tmp/x", "w")
print("listening", flush=True)
time.sleep(30)' >"$T_TMP/srv.out" &
cj=$!
for _ in $(seq 400); do
	grep -q listening "$T_TMP/srv.out" 2>/dev/null && break
	sleep 0.05
done
is "$(cat "$T_TMP/srv.out")" listening "--policy server --net user: the jail listens on its port 18931"
is "$(ss -Hltn 'sport = :18931' | wc -l)" 0 "... and the host has no listener on 18931"
sp=$(pgrep -P "$cj" -x slirp4netns)
ok "$([ -n "$sp" ]; echo $?)" "... its slirp4netns ($sp) is capejail's child"
kill -TERM "$cj"
{ wait "$cj"; } 2>/dev/null
gone "$sp"
ok $? "... and gone after the jail"
"$CAPEJAIL" --net user -- sleep 30 &
cj=$!
for _ in $(seq 400); do
	sp=$(pgrep -P "$cj" -x slirp4netns) && [ -n "$(pgrep -f -x 'sleep 30')" ] && break
	sleep 0.05
done
kill -KILL "$cj"
{ wait "$cj"; } 2>/dev/null
gone "$sp"
ok $? "capejail killed (SIGKILL): its slirp4netns goes too"

done_testing
