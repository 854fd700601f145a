# what: CPython os calls: sched_*, nice, statvfs, chmod, mkfifo, splice
# needs: python3
python3 - <<'P'
import os
os.nice(0)
print(os.sched_getscheduler(0), os.sched_getparam(0).sched_priority, os.sched_get_priority_min(os.SCHED_RR), os.sched_rr_get_interval(0) >= 0)
os.sched_yield(); os.sched_setaffinity(0, os.sched_getaffinity(0))
print(os.statvfs(".").f_bsize > 0)
open("f", "w").write("abc"); os.chmod("f", 0o700); print(oct(os.stat("f").st_mode & 0o777))
os.mkfifo("p"); print(os.path.exists("p"))
r, w = os.pipe(); fd = os.open("f", os.O_RDONLY)
print(os.splice(fd, w, 3), os.read(r, 3))
P
