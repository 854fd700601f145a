# what: df and du on the work directory (statfs, fstatfs)
# needs: df du
head -c 100000 /dev/zero >z
df -P . >/dev/null && echo df-ok
du -sk z | cut -f1
