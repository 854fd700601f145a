# bench/chart.gp - the chart of `make bench`, from the CSV files in dir:
#   gnuplot -e "dir='build/bench'; png='doc/bench.png'; caption='...'" chart.gp
set terminal pngcairo size 1800,700 font "sans,10" noenhanced
set output png
set datafile separator comma
set datafile missing ""
set style fill solid 0.8 border -1
set grid ytics lc rgb "#dddddd"
set xtics rotate by -35 left nomirror
set key top left font ",9"
set tmargin 3
set bmargin 11

set multiplot layout 1,3 title "capejail: make bench" font "sans,13"
set label 1 caption at screen 0.5, screen 0.018 center font "sans,10"

# Each launch's wall time (median, p10-p90) and, beside it, its CPU time
# (median): the command's and that of all it reaped or left (launch.c).
set title "launch of /bin/true, ms: wall (median, p10-p90) and CPU (median)"
set yrange [0:*]
set boxwidth 0.4
plot dir."/launch.csv" every ::1 using ($0 - 0.2):3 with boxes lc rgb "#4477aa" title "wall", \
     '' every ::1 using ($0 + 0.2):9:xtic(2) with boxes lc rgb "#ee7733" title "CPU", \
     '' every ::1 using ($0 - 0.2):3:4:5 with yerrorbars lc rgb "black" ps 0 notitle, \
     '' every ::1 using ($0 - 0.2):($5 > 0 ? $5 : 1/0):(sprintf("%.1f", $3)) with labels offset 0,0.8 font ",8" notitle
unset label 1

# throughput.csv has a row per command and concurrency, a command's two
# rows together, 2 before 8: every other row, side by side.
set title "jails per second, 2 and 8 at a time (p10-p90 of the chunks)"
set key top right
plot dir."/throughput.csv" every 2::1 using ($0 - 0.2):4:xtic(2) with boxes lc rgb "#228833" title "2 at a time", \
     '' every 2::2 using ($0 + 0.2):4 with boxes lc rgb "#99cc99" title "8 at a time", \
     '' every 2::1 using ($0 - 0.2):4:5:6 with yerrorbars lc rgb "black" ps 0 notitle, \
     '' every 2::2 using ($0 + 0.2):4:5:6 with yerrorbars lc rgb "black" ps 0 notitle, \
     '' every 2::1 using ($0 - 0.2):($6 > 0 ? $6 : 1/0):(sprintf("%.0f", $4)) with labels offset 0,0.8 font ",8" notitle, \
     '' every 2::2 using ($0 + 0.2):($6 > 0 ? $6 : 1/0):(sprintf("%.0f", $4)) with labels offset 0,0.8 font ",8" notitle

set title "syscall cost, ns per call (best round, log scale)"
set logscale y
set yrange [50:*]
set offsets 0, 0, graph 0.15, 0
set boxwidth 0.27
set key top left
plot dir."/syscalls.csv" every ::1 using ($0 - 0.28):2 with boxes lc rgb "#bbbbbb" title "outside", \
     '' every ::1 using 0:3:xtic(1) with boxes lc rgb "#66ccee" title "any seccomp filter", \
     '' every ::1 using ($0 + 0.28):4 with boxes lc rgb "#4477aa" title "capejail"

unset multiplot
