# what: CPython socket: socketpair, Unix datagram, TCP_NODELAY on a loopback client
# needs: python3
python3 - <<'P'
import socket
a, b = socket.socketpair(); a.sendall(b"x"); print(b.recv(1))
s = socket.socket(); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
print(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); u.sendto(b"d", u.getsockname()); print(u.recv(1))
P
