# what: util-linux taskset, nice, ionice, flock
# needs: taskset nice ionice flock
taskset -c 0 sh -c 'echo pinned'
nice -n 5 nice
ionice -c 3 true && echo ionice
flock lk -c 'echo locked'
