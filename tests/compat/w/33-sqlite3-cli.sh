# what: sqlite3 CLI: a database file, an index, a join
# needs: sqlite3
sqlite3 db "create table a(x); create table b(x, y); insert into a values (1),(2); insert into b values (1,'one'),(2,'two'); create index i on b(x); select group_concat(y) from a join b using (x);"
