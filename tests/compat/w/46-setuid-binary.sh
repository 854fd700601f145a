# what: make a program set-user-ID (chmod u+s)
# needs: gcc
# closed: setuid: the chmod rule refuses S_ISUID and S_ISGID (a set-ID file left where the host runs it)
printf 'int main(void){return 0;}\n' >m.c && gcc -o m m.c && chmod u+s m && stat -c %a m
