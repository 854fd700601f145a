# what: bzip2, xz, zstd, cpio and zip/unzip round trips
# needs: bzip2 xz zstd cpio zip unzip
seq 10000 >d && for c in bzip2 xz zstd; do $c -q -k -c d >d.$c && $c -q -d -c d.$c | cmp - d && echo $c ok; done
echo d | cpio -o --quiet >d.cpio && mkdir x && (cd x && cpio -i --quiet <../d.cpio) && cmp d x/d && echo cpio ok
zip -q d.zip d && mkdir y && unzip -q d.zip -d y && cmp d y/d && echo zip ok
