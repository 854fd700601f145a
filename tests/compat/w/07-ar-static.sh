# what: gcc -c, ar, ranlib, a static library linked in, strip, readelf
# needs: gcc ar ranlib strip readelf
printf 'int f(void){return 5;}\n' >f.c && printf 'int f(void);\nint main(void){return f();}\n' >m.c
gcc -c f.c && ar rcs libf.a f.o && ranlib libf.a && gcc -o m m.c -L. -lf && strip m
./m; echo rc=$?; readelf -h m | grep -c ELF
