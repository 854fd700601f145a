# what: CPython threads, queue and a ThreadPoolExecutor
# needs: python3
python3 - <<'P'
import queue, threading
from concurrent.futures import ThreadPoolExecutor
q = queue.Queue()
ts = [threading.Thread(target=q.put, args=(i,)) for i in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]
with ThreadPoolExecutor(4) as ex:
    print(sorted(q.get() for _ in range(8)) == list(range(8)), sum(ex.map(abs, range(-5, 5))))
P
