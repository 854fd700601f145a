# what: CPython's sqlite3 module: a database file, a transaction, a query
# needs: python3
python3 - <<'P'
import sqlite3
c = sqlite3.connect("db.sqlite")
c.execute("create table t (k integer primary key, v text)")
with c:
    c.executemany("insert into t (v) values (?)", [("a",), ("b",), ("c",)])
print(c.execute("select count(*), group_concat(v) from t").fetchone())
P
