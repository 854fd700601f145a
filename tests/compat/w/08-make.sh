# what: GNU make runs recipes (setresuid to its own ids), with -j2
# needs: make gcc
printf 'all: a b\n\t@cat a b\na:\n\t@echo one >a\nb:\n\t@echo two >b\n' >Makefile
make -s -j2
