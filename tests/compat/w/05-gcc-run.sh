# what: gcc compiles, links and runs a C program
# needs: gcc
printf '#include <stdio.h>\nint main(void){printf("%%d\\n", 6*7);return 0;}\n' >m.c
gcc -O2 -Wall -o m m.c && ./m
