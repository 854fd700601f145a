# what: coreutils: cp -a, install -m, mv, stat, sort, split, sha256sum
# needs: cp install sha256sum split
mkdir -p a/b && printf 'x\ny\n' >a/b/f && chmod 640 a/b/f
cp -a a c && install -m 755 a/b/f bin-f && mv c d
stat -c '%n %a' d/b/f bin-f
seq 1 1000 | sort -rn | head -3
seq 1 100 | split -l 30 - part. && ls part.* | wc -l
cat part.* | sha256sum
