# what: busybox applets: sh, sort, md5sum, tar, wc
# needs: busybox
busybox sh -c 'seq 100 | busybox sort -rn | busybox head -1'
echo x | busybox md5sum | cut -c1-8
mkdir t && echo a >t/a && busybox tar -cf t.tar t && busybox tar -tf t.tar | busybox wc -l
