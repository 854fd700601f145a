# what: awk, sed, grep, diff, patch, jq, bc, iconv
# needs: awk sed grep diff patch jq bc iconv
seq 5 >a && seq 6 >b && diff a b >d; patch -s a d && cmp a b && echo patched
awk '{s+=$1} END {print s}' a | sed 's/^/sum=/' ; grep -c 3 a
echo '{"a":[1,2]}' | jq -c '.a|add'; echo '2^10' | bc; printf 'caf\xc3\xa9\n' | iconv -f UTF-8 -t ASCII//TRANSLIT
