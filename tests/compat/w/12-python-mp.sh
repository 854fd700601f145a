# what: CPython multiprocessing: Value, Array, Lock, Queue, Pool
# needs: python3
python3 - <<'P'
import multiprocessing as mp
def f(v, a, l, q):
    with l:
        v.value += 1; a[0] += 1
    q.put(1)
if __name__ == "__main__":
    v, a, l, q = mp.Value("i", 0), mp.Array("i", 2), mp.Lock(), mp.Queue()
    ps = [mp.Process(target=f, args=(v, a, l, q)) for _ in range(3)]
    [p.start() for p in ps]; [p.join() for p in ps]
    with mp.Pool(2) as pool:
        print(v.value, a[0], sum(q.get() for _ in range(3)), pool.map(abs, [-1, -2]))
P
