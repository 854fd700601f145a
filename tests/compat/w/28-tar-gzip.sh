# what: tar -czf and -xzf of a tree with modes
# needs: tar gzip
mkdir -p t/d && echo a >t/d/a && chmod 750 t/d && tar -czf t.tgz t && rm -r t && tar -xzf t.tgz && stat -c '%n %a' t/d t/d/a
