# what: fio: a small random-read/write job with two jobs, threads and CPU pinning
# needs: fio
fio --name=j --directory=. --size=4m --bs=4k --rw=randrw --numjobs=2 --thread --cpus_allowed=0 --ioengine=psync --group_reporting --output-format=terse >out 2>err; echo rc=$?
cut -d';' -f3 out
