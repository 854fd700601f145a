# bench/chart.gp - the chart of `make bench`, from the CSV files in dir:
#   gnuplot -e "dir='build/bench'; png='doc/bench.png'; caption='...'" chart.gp
set terminal pngcairo size 1500,660 font "sans,10" noenhanced
set output png
set datafile separator comma
set datafile missing ""
set style fill solid 0.8 border -1
set boxwidth 0.6
set grid ytics lc rgb "#dddddd"
set xtics rotate by -35 left nomirror
set key off
set tmargin 3
set bmargin 11

set multiplot layout 1,3 title "capejail: make bench" font "sans,13"
set label 1 caption at screen 0.5, screen 0.018 center font "sans,10"

set title "launch of /bin/true, ms (median, p10-p90)"
set yrange [0:*]
plot dir."/launch.csv" every ::1 using 0:3:xtic(2) with boxes lc rgb "#4477aa", \
     '' every ::1 using 0:3:4:5 with yerrorbars lc rgb "black" ps 0, \
     '' every ::1 using 0:($5 > 0 ? $5 : 1/0):(sprintf("%.1f", $3)) with labels offset 0,0.8 font ",9"
unset label 1

set title "jails per second, 2 at a time"
plot dir."/throughput.csv" every ::1 using 0:3:xtic(2) with boxes lc rgb "#228833", \
     '' every ::1 using 0:3:4:5 with yerrorbars lc rgb "black" ps 0, \
     '' every ::1 using 0:($5 > 0 ? $5 : 1/0):(sprintf("%.0f", $3)) with labels offset 0,0.8 font ",9"

set title "syscall cost, ns per call (best round, log scale)"
set logscale y
set yrange [50:*]
set offsets 0, 0, graph 0.15, 0
set boxwidth 0.27
set key top left font ",9"
plot dir."/syscalls.csv" every ::1 using ($0 - 0.28):2 with boxes lc rgb "#bbbbbb" title "outside", \
     '' every ::1 using 0:3:xtic(1) with boxes lc rgb "#66ccee" title "any seccomp filter", \
     '' every ::1 using ($0 + 0.28):4 with boxes lc rgb "#4477aa" title "capejail"

unset multiplot
