# what: perl: fork, pipe, waitpid, a hash, sprintf
# needs: perl
perl -e 'pipe(R, W); my $p = fork; if (!$p) { close R; print W "from child\n"; exit 7 } close W; print <R>; waitpid($p, 0); printf "%d %s\n", $? >> 8, join(",", sort keys %{{a=>1,b=>2}});'
