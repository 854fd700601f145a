# what: tclsh: lists, exec, file I/O
# needs: tclsh
printf 'set l [lsort -integer {5 3 9 1}]\nputs $l\nset f [open t w]\nputs $f tcl\nclose $f\nputs [string trim [exec cat t]]\nputs [exec echo sub]\n' >s.tcl
tclsh s.tcl
