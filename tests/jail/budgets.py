"""budgets.py - take or use the per-user kernel budgets (tests/jail/67-budgets.t).

python3 budgets.py hold FILE: take as many inotify instances, queued
real-time signals and POSIX message queue bytes as the kernel gives, write
"inotify N sigq N mq N" and a line "ready" to stdout, then sleep until
killed.

python3 budgets.py use: one of each (an inotify instance, a queued
real-time signal with sigqueue, a message queue opened and removed);
prints "inotify ok|ERR sigqueue ok|ERR mq ok|ERR".
"""
import ctypes
import errno
import os
import signal
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)
libc.mq_open.restype = ctypes.c_int
libc.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int,
                         ctypes.c_void_p]


def err():
    return errno.errorcode.get(ctypes.get_errno(), "?")


def sigq():
    for line in open("/proc/self/status"):
        if line.startswith("SigQ:"):
            return line.split()[1]
    return "?"


def hold():
    fds = []
    for _ in range(1000):
        fd = libc.inotify_init1(0)
        if fd < 0:
            break
        fds.append(fd)
    n_inotify = len(fds)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
    for _ in range(100000):
        if libc.sigqueue(os.getpid(), signal.SIGRTMIN, 0) < 0:
            break
    n_mq = 0
    for i in range(1000):
        name = ("/cjhold%d.%d" % (os.getpid(), i)).encode()
        if libc.mq_open(name, os.O_CREAT | os.O_RDWR, 0o600, None) < 0:
            break
        n_mq += 1
    print("inotify %d sigq %s mq %d" % (n_inotify, sigq(), n_mq))
    print("ready", flush=True)
    time.sleep(60)


def use():
    out = []
    fd = libc.inotify_init1(0)
    out.append("inotify " + ("ok" if fd >= 0 else err()))
    if fd >= 0:
        os.close(fd)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
    rc = libc.sigqueue(os.getpid(), signal.SIGRTMIN, 0)
    out.append("sigqueue " + ("ok" if rc == 0 else err()))
    name = ("/cjuse%d" % os.getpid()).encode()
    q = libc.mq_open(name, os.O_CREAT | os.O_RDWR, 0o600, None)
    out.append("mq " + ("ok" if q >= 0 else err()))
    if q >= 0:
        os.close(q)
        libc.mq_unlink(name)
    print(" ".join(out))


if __name__ == "__main__":
    hold() if sys.argv[1] == "hold" else use()
