# what: mkfifo(1) and a shell reading through the FIFO
# needs: mkfifo
mkfifo p && (seq 5 >p &) && wc -l <p
stat -c %F p
