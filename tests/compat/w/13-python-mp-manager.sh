# what: CPython multiprocessing.Manager (a Unix-socket server process)
# needs: python3
python3 - <<'P'
import multiprocessing as mp
if __name__ == "__main__":
    with mp.Manager() as m:
        d = m.dict(); d["a"] = 1; l = m.list([1, 2])
        print(dict(d), list(l))
P
