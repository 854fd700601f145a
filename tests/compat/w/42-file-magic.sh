# what: file(1) (libmagic, seccomp of its own), objdump
# needs: file objdump gcc
printf 'int main(void){return 0;}\n' >m.c && gcc -c m.c && file -b m.o | cut -d, -f1 && objdump -h m.o | grep -c text
