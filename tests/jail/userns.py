#!/usr/bin/env python3
"""userns.py COMMAND [ARG]...: run COMMAND as root of a new user namespace
where ids 0-65535 are the host's same ids, so that it can change that
namespace's own sysctls (user.max_user_namespaces) and then become an
ordinary user there, with the host's settings untouched. Run as root."""
import ctypes
import os
import sys

CLONE_NEWUSER = 0x10000000
libc = ctypes.CDLL(None, use_errno=True)
go_r, go_w = os.pipe()
ready_r, ready_w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(go_w)
    os.close(ready_r)
    if libc.unshare(CLONE_NEWUSER) != 0:
        sys.exit("userns.py: unshare: " + os.strerror(ctypes.get_errno()))
    os.write(ready_w, b"x")
    os.close(ready_w)
    if os.read(go_r, 1) != b"x":
        sys.exit("userns.py: no map")
    os.execvp(sys.argv[1], sys.argv[1:])
os.close(go_r)
os.close(ready_w)
if os.read(ready_r, 1) == b"x":
    for name in ("uid_map", "gid_map"):
        with open("/proc/%d/%s" % (pid, name), "w") as f:
            f.write("0 0 65536\n")
    os.write(go_w, b"x")
os.close(go_w)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
