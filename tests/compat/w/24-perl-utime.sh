# what: perl: utime, chmod, rename, File::Temp
# needs: perl
perl -MFile::Temp=tempfile -e '($fh, $f) = tempfile(DIR => "."); utime 1000000000, 1000000000, $f or die; chmod 0600, $f or die; rename $f, "g" or die; printf "%d %o\n", (stat "g")[9], (stat "g")[2] & 0777;'
