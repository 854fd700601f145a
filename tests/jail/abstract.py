#!/usr/bin/env python3
"""Run capejail --share-net with a program that tries the host's abstract
unix socket (made here) and then one of its own; print what happened."""
import os
import socket
import subprocess
import sys

INSIDE = r'''
import socket, sys
c = socket.socket(socket.AF_UNIX)
try:
    c.connect("\0" + sys.argv[1])
    print("host-reached")
except OSError as e:
    print("host", e.errno)
# listen is blocked by the policy: datagrams show the scope.
a = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
a.bind("\0mine")
b = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
b.sendto(b"x", "\0mine")
print("own", a.recv(1).decode())
'''

name = "capejail-test-%d" % os.getpid()
host = socket.socket(socket.AF_UNIX)
host.bind("\0" + name)
host.listen(1)
r = subprocess.run([sys.argv[1], "--share-net", "--", "python3", "-c",
                    INSIDE, name], capture_output=True, text=True)
print(" ".join(r.stdout.split()))
