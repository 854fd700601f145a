# capejail - GNU make. `make` builds ./capejail; `make demo` and `make check`
# install what they need first (see tools/install-deps.sh).

CC       ?= cc
HOSTCC   ?= $(CC)
PKG_CONFIG ?= pkg-config
BUILD    ?= build
# Cross-building: the generator runs here and compiles the filter for
# GEN_ARCH (a libseccomp arch name); empty means this machine's.
GEN_ARCH ?=

SECCOMP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libseccomp 2>/dev/null)
SECCOMP_LIBS   ?= $(shell $(PKG_CONFIG) --libs libseccomp 2>/dev/null || echo -lseccomp)
HOST_SECCOMP_LIBS := $(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wvla -Wformat=2 \
	-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
	-Wundef -Wwrite-strings -Wnull-dereference -Wcast-align \
	-Wpointer-arith -Wimplicit-fallthrough -Wswitch-enum -Werror
# Control-flow protection has a name per architecture.
CFPROT := $(if $(findstring x86_64,$(shell $(CC) -dumpmachine)),-fcf-protection,-mbranch-protection=standard)
HOST_CFPROT := $(if $(findstring x86_64,$(shell $(HOSTCC) -dumpmachine)),-fcf-protection,-mbranch-protection=standard)
HARDEN := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fstack-clash-protection \
	$(CFPROT) -fPIE
OPT    ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS := -std=gnu17 $(WARN) $(HARDEN) $(CFLAGS) $(SECCOMP_CFLAGS) -Isrc -I$(BUILD)
# Each object's header dependencies, written by the compiler (-include below).
DEPFLAGS = -MMD -MP
LDHARDEN := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
ALL_LDFLAGS := $(LDHARDEN) $(LDFLAGS)

# The default policy's filter and the syscall names are compiled in at build
# time, by a generator that links libseccomp: capejail itself does not
# (src/sysnames.h).
# Every src/*.c is part of capejail: a new file needs no line here. The
# policy sources are those the build-time generator shares (below).
POLICY_SRC := src/policy.c src/policy_rule.c src/filter.c src/bpfgen.c src/sysnames.c
CORE_SRC := $(filter-out src/main.c $(POLICY_SRC),$(wildcard src/*.c))
CORE_OBJ := $(CORE_SRC:src/%.c=$(BUILD)/%.o)
POLICY_OBJ := $(POLICY_SRC:src/%.c=$(BUILD)/%.o)
HEADERS := $(wildcard src/*.h)

# The version, in one place: debian/changelog's first line (the package's
# own, which Debian requires), without the Debian revision.
VERSION := $(shell awk 'NR == 1 {print $$2}' debian/changelog | cut -d- -f1 | tr -dc 0-9.)

UNIT_TESTS := cli policy creds env filter rootless mkroot mkroot_fs effective \
	export report cgroup fuzz kfeatures hostids
UNIT_BIN := $(UNIT_TESTS:%=$(BUILD)/tests/test_%)
PROBE := $(BUILD)/tests/probe

.PHONY: all demo check test unit compat jail-tests jail-tests-rootless deps sanitize fuzz lint format bench cross-aarch64 install uninstall deb \
	format-check clean vm-test vm-test-aarch64

# The binary; the sanitizer build puts its own in its build directory.
BIN ?= capejail

all: $(BIN)

# capejail is linked statically, as a static PIE (still randomised, still
# full RELRO): no shared library to map and relocate, in capejail and in the
# jail's PID 1, a fork of it, made every launch about 0.25 ms faster
# (doc/speed.md). It needs nothing glibc loads at run time (no NSS, no
# iconv). STATIC= links glibc dynamically: the sanitizer build does (ASan
# cannot be static), and so does the Debian package, as Debian policy asks.
STATIC ?= -static-pie

$(BIN): $(BUILD)/main.o $(CORE_OBJ) $(POLICY_OBJ) $(BUILD)/policy_table.o
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(STATIC) -o $@ $^

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(VERSION_FLAG) -c -o $@ $<

VERSION_DEF := -DCAPEJAIL_VERSION='"$(VERSION)"'
$(BUILD)/main.o $(BUILD)/report.o: VERSION_FLAG = $(VERSION_DEF)
# A changed version rebuilds what prints it.
$(BUILD)/main.o $(BUILD)/report.o: debian/changelog

# SYSCALLS.md -> policy table and BPF, through the same parser and filter
# code as the run time.
# The generator is built for this machine (HOSTCC), whatever CC targets.
GEN_OBJ := $(patsubst src/%.c,$(BUILD)/host/%.o,$(filter-out src/sysnames.c,$(POLICY_SRC)) src/err.c src/util.c) \
	$(BUILD)/host/sysnames_scmp.o
HOST_CFLAGS := $(subst $(CFPROT),$(HOST_CFPROT),$(ALL_CFLAGS))

$(BUILD)/host/%.o: src/%.c | $(BUILD)/host
	$(HOSTCC) $(HOST_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/host/%.o: tools/%.c | $(BUILD)/host
	$(HOSTCC) $(HOST_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/gen-policy: tools/gen-policy.c $(GEN_OBJ) | $(BUILD)
	$(HOSTCC) $(HOST_CFLAGS) $(LDHARDEN) -o $@ $^ $(HOST_SECCOMP_LIBS)

# The shipped policies (--policy NAME) are built in too, checked against
# SYSCALLS.md.
POLICIES := $(sort $(wildcard policies/*.md))

$(BUILD)/policy_table.c: SYSCALLS.md $(POLICIES) $(BUILD)/gen-policy
	$(BUILD)/gen-policy $(if $(GEN_ARCH),--arch $(GEN_ARCH)) SYSCALLS.md $@ $(POLICIES)

$(BUILD)/policy_table.o: $(BUILD)/policy_table.c
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD) $(BUILD)/tests $(BUILD)/host $(BUILD)/rootless:
	mkdir -p $@

# --- tests -------------------------------------------------------------
$(BUILD)/tests/test_%: tests/unit/test_%.c tests/unit/tap.h tests/unit/json.h $(CORE_OBJ) $(POLICY_OBJ) $(BUILD)/policy_table.o | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(CORE_OBJ) $(POLICY_OBJ) $(BUILD)/policy_table.o $(SECCOMP_LIBS)

# A static probe, so it runs in a jail root that holds nothing else.
$(PROBE): tests/probes/probe.c | $(BUILD)/tests
	$(CC) -std=gnu17 -O1 -Wall -Wextra -Werror -static -o $@ $<

deps:
	@tools/install-deps.sh

unit: $(UNIT_BIN)
	prove --exec '' $(UNIT_BIN)

jail-tests: $(BIN) $(PROBE)
	CAPEJAIL=$(CURDIR)/$(BIN) PROBE=$(CURDIR)/$(PROBE) prove --exec '' tests/jail/*.t

# The same jail tests with capejail run by an ordinary user (rootless):
# tests/jail/lib.sh makes ROOTLESS_USER if it is missing and runs every
# capejail of a test as that user; the test itself stays root.
ROOTLESS_USER ?= capejail-test
JAIL_T := $(wildcard tests/jail/*.t)
ROOTLESS_T := $(JAIL_T:tests/jail/%=$(BUILD)/rootless/%)

jail-tests-rootless: $(BIN) $(PROBE)
	CAPEJAIL_TEST_AS=$(ROOTLESS_USER) CAPEJAIL=$(CURDIR)/$(BIN) PROBE=$(CURDIR)/$(PROBE) \
		prove --exec '' tests/jail/*.t

# For the one prove run of `make test`: each jail test once more, rootless.
$(BUILD)/rootless/%.t: tests/jail/%.t | $(BUILD)/rootless
	printf '#!/bin/sh\n# %s, rootless (generated by the Makefile)\nCAPEJAIL_TEST_AS=$(ROOTLESS_USER) exec %s\n' \
		'$<' '$(CURDIR)/$<' >$@
	chmod +x $@

# One prove run, so the last line CI reads covers every test: the unit
# tests, the jail tests as root and again rootless, the install test.
test: $(BIN) $(UNIT_BIN) $(PROBE) $(ROOTLESS_T)
	CAPEJAIL=$(CURDIR)/$(BIN) PROBE=$(CURDIR)/$(PROBE) \
		prove --exec '' $(UNIT_BIN) tests/jail/*.t $(ROOTLESS_T) tests/*.t

check: deps
	$(MAKE) --no-print-directory test

demo: deps
	$(MAKE) -s --no-print-directory capejail
	@tools/demo.sh ./capejail

# ASan + UBSan build of everything, unit tests and jail tests run with it.
sanitize: deps
	$(MAKE) BUILD=build-san BIN=build-san/capejail STATIC= OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" test

# libFuzzer, one target for each parser of input capejail does not control
# (tests/fuzz/README.md): fuzz_policy (policy_parse), fuzz_elfdeps (the ELF
# reader --mkroot runs on a program it is handed), fuzz_creds (the jail
# root's passwd and group), fuzz_mkroot_text (ld.so.conf, "#!" lines,
# os-release, apt sources, the path helpers), fuzz_report (--report's JSON
# escaping). Each runs FUZZ_EACH seconds (half of FUZZ_SECONDS: CI's 60 makes
# about 2.5 minutes for the five), from a copy of its corpus (policy's:
# tests/fuzz/corpus plus SYSCALLS.md; elfdeps' also the host's /bin/true) and its regressions, which run first. A crash, leak or timeout
# is kept in the target's regressions directory (policy's:
# tests/fuzz/regressions), which the unit tests run (test_policy, test_fuzz),
# and fails `make fuzz` once every target has run.
FUZZ_SECONDS ?= 60
FUZZ_EACH ?= $(shell s=$$(( $(FUZZ_SECONDS) / 2 )); [ $$s -ge 1 ] && echo $$s || echo 1)
FUZZ_CC ?= clang
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_TARGETS := policy elfdeps creds mkroot_text report
FUZZ_SRC_policy := src/policy.c src/policy_rule.c src/err.c
FUZZ_SRC_elfdeps := src/elfdeps.c src/err.c
FUZZ_SRC_creds := src/creds.c src/util.c src/err.c
FUZZ_SRC_mkroot_text := src/mkroot_parse.c
FUZZ_SRC_report := src/jsonstr.c
# libFuzzer's options of each target.
FUZZ_OPT_policy := -max_len=70000 -dict=tests/fuzz/policy.dict
FUZZ_OPT_elfdeps := -max_len=65536
FUZZ_OPT_creds := -max_len=8192
FUZZ_OPT_mkroot_text := -max_len=8192
FUZZ_OPT_report := -max_len=1024
# Where a target's corpus and regressions are.
fuzz_corpus = $(if $(filter policy,$(1)),tests/fuzz/corpus,tests/fuzz/$(1)/corpus)
fuzz_regr = $(if $(filter policy,$(1)),tests/fuzz/regressions,tests/fuzz/$(1)/regressions)

define FUZZ_RULE
$(FUZZ_DIR)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRC_$(1)) $(HEADERS)
	mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) -std=gnu17 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Isrc $(FUZZ_FLAGS_$(1)) -o $$@ tests/fuzz/fuzz_$(1).c $(FUZZ_SRC_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULE,$(t))))

# test_fuzz compiles the harnesses in, with their checks.
$(BUILD)/tests/test_fuzz: $(wildcard tests/fuzz/*.c)

fuzz: deps
	$(MAKE) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	rm -rf $(FUZZ_DIR)/corpus
	$(foreach t,$(FUZZ_TARGETS),mkdir -p $(FUZZ_DIR)/corpus/$(t) $(call fuzz_regr,$(t)) && \
		cp $(call fuzz_corpus,$(t))/* $(FUZZ_DIR)/corpus/$(t)/ &&) true
	cp SYSCALLS.md $(FUZZ_DIR)/corpus/policy/
	cp -L /bin/true $(FUZZ_DIR)/corpus/elfdeps/host-true
	failed=; $(foreach t,$(FUZZ_TARGETS),echo "fuzz: $(t), $(FUZZ_EACH) s"; \
		$(FUZZ_DIR)/fuzz_$(t) -max_total_time=$(FUZZ_EACH) -timeout=10 $(FUZZ_OPT_$(t)) \
			-print_final_stats=1 -artifact_prefix=$(call fuzz_regr,$(t))/ \
			$(FUZZ_DIR)/corpus/$(t) $(call fuzz_regr,$(t)) || failed="$$failed $(t)";) \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (inputs kept in their regressions)"; exit 1; fi

lint: $(BUILD)/policy_table.c
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--std=c11 --inline-suppr --suppress=missingIncludeSystem \
		-Isrc -I$(BUILD) $(VERSION_DEF) src tools
	@# One clang-tidy a file: in one process, clang-tidy 14's analyzer
	@# carries state from one file to the next (a va_list in err.c called
	@# uninitialised after cgroup.c).
	printf '%s\n' $(filter-out src/export.c,$(CORE_SRC)) $(POLICY_SRC) src/main.c | \
		xargs -P2 -I{} clang-tidy --quiet {} -- -std=gnu17 -Isrc -I$(BUILD) $(VERSION_DEF) $(SECCOMP_CFLAGS)
	@# These write text with stdio and check ferror() once at the end.
	clang-tidy --quiet --checks=-cert-err33-c src/export.c tools/gen-policy.c -- \
		-std=gnu17 -Isrc -I$(BUILD) $(VERSION_DEF) $(SECCOMP_CFLAGS)

# Benchmarks (bench/README.md): launch latency and CPU, jails per second,
# syscall cost and memory, against a bare fork+exec, unshare, bubblewrap
# and firejail (installed by install-deps --bench), and minijail0 and
# nsjail when on PATH or given (MINIJAIL0=/path NSJAIL=/path), interleaved
# in one run.
# Writes $(BUILD)/bench/*.csv and the chart doc/bench.png. Not a test:
# numbers, no pass or fail.
$(BUILD)/bench-syscalls: bench/syscalls.c | $(BUILD)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Werror -static -o $@ $<

$(BUILD)/bench-launch: bench/launch.c | $(BUILD)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/bench-allowall: bench/allowall.c | $(BUILD)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Werror -o $@ $<

# The kernel's own cost of each launch step, alone (bench/README.md).
$(BUILD)/bench-floors: bench/floors.c $(BUILD)/policy_table.c | $(BUILD)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Wshadow -Werror -Isrc -I$(BUILD) \
		-o $@ bench/floors.c $(BUILD)/policy_table.c

BENCH_PNG ?= doc/bench.png
bench: deps $(BIN) $(BUILD)/bench-syscalls $(BUILD)/bench-launch $(BUILD)/bench-allowall $(BUILD)/bench-floors
	tools/install-deps.sh --bench
	CAPEJAIL=$(CURDIR)/$(BIN) BENCH_OUT=$(BUILD)/bench BENCH_BIN=$(BUILD) \
		BENCH_PNG=$(BENCH_PNG) bench/run.sh

# aarch64: cross-build capejail and the unit tests (gcc-aarch64-linux-gnu,
# libseccomp-dev:arm64) and run the unit tests under qemu-user, but for
# test_mkroot_fs, whose openat2 qemu-user does not implement (ENOSYS);
# make vm-test-aarch64 runs on a real arm64 kernel.
AARCH64_LIBDIR := /usr/lib/aarch64-linux-gnu
cross-aarch64:
	tools/install-deps.sh --aarch64
	$(MAKE) BUILD=build-aarch64 BIN=build-aarch64/capejail \
		CC=aarch64-linux-gnu-gcc HOSTCC=cc GEN_ARCH=aarch64 \
		SECCOMP_LIBS="-L$(AARCH64_LIBDIR) -lseccomp" \
		build-aarch64/capejail $(UNIT_BIN:$(BUILD)/%=build-aarch64/%)
	file build-aarch64/capejail
	QEMU_LD_PREFIX=/usr/aarch64-linux-gnu LD_LIBRARY_PATH=$(AARCH64_LIBDIR) \
		prove --exec 'qemu-aarch64' $(filter-out %/test_mkroot_fs,$(UNIT_BIN:$(BUILD)/%=build-aarch64/%))

# The tests in QEMU (TCG: no KVM needed) on Debian's own kernels, with
# cgroup v2 alone, from the root cgroup, a login's session scope and a
# delegated subtree (tools/vm/run.sh, tools/vm/guest.sh). The kernels are
# downloaded as packages and unpacked in $(BUILD)/vm/cache, never
# installed; both boot at once. VM_SET=ci (the default, what CI runs):
# `make test` from the root cgroup, the cgroup tests from the others;
# VM_SET=full: `make test` from every place. TAP per kernel in
# $(BUILD)/vm/KERNEL/all.tap, read by one prove at the end.
VM_KERNELS ?= linux-image-6.1.0-50-amd64 linux-image-6.12-amd64
VM_SET ?= ci
vm-test: $(BIN) $(UNIT_BIN) $(PROBE) $(ROOTLESS_T)
	tools/install-deps.sh --vm
	@rm -f $(VM_KERNELS:%=$(BUILD)/vm/%/all.tap)
	@mkdir -p $(BUILD)/vm
	@set -e; pids=""; for k in $(VM_KERNELS); do \
		VM_CACHE=$(CURDIR)/$(BUILD)/vm/cache tools/vm/run.sh --set $(VM_SET) $$k >$(BUILD)/vm/$$k.log 2>&1 & pids="$$pids $$!"; \
	done; for p in $$pids; do wait $$p || true; done; cat $(VM_KERNELS:%=$(BUILD)/vm/%.log)
	prove --exec cat $(VM_KERNELS:%=$(BUILD)/vm/%/all.tap)

# The core jail tests (identity, filter, mounts, a limit) on Debian's arm64
# kernel under qemu-system-aarch64 (TCG), with the cross-built capejail and
# an arm64 userland unpacked from Debian's packages.
VM_KERNEL_ARM64 ?= linux-image-6.12-arm64
vm-test-aarch64: cross-aarch64
	tools/install-deps.sh --vm
	$(MAKE) BUILD=build-aarch64 CC=aarch64-linux-gnu-gcc build-aarch64/tests/probe
	VM_CACHE=$(CURDIR)/$(BUILD)/vm/cache tools/vm/run.sh --arch arm64 --set core $(VM_KERNEL_ARM64) || true
	prove --exec cat $(BUILD)/vm/$(VM_KERNEL_ARM64)/all.tap
# A corpus of real programs (tests/compat/w/), each run outside and in the
# jail as nobody and compared; the table (doc/testing.md, Compatibility) goes to
# build/compat.md. Needs root. Not part of make check; CI runs it.
compat: deps $(BIN)
	tools/install-deps.sh --compat
	python3 tests/compat/run.py $(BIN) $(BUILD)/compat.md

# Install: PREFIX and DESTDIR as usual.
PREFIX ?= /usr/local
BINDIR := $(DESTDIR)$(PREFIX)/bin
MANDIR := $(DESTDIR)$(PREFIX)/share/man/man1
DOCDIR := $(DESTDIR)$(PREFIX)/share/doc/capejail
COMPDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
POLDIR := $(DESTDIR)$(PREFIX)/share/capejail/policies
# The pages README.md links to (doc/HACKING.md is for the source tree).
USER_DOCS := doc/usage.md doc/policy.md doc/security.md doc/deploying.md \
	doc/report.md doc/testing.md doc/speed.md

install: $(BIN)
	install -d $(BINDIR) $(MANDIR) $(DOCDIR) $(COMPDIR)
	install -m 0755 $(BIN) $(BINDIR)/capejail
	sed 's/@VERSION@/$(VERSION)/' doc/capejail.1 >$(MANDIR)/capejail.1
	chmod 0644 $(MANDIR)/capejail.1
	install -m 0644 SYSCALLS.md README.md $(DOCDIR)/
	install -d $(DOCDIR)/doc
	install -m 0644 $(USER_DOCS) $(DOCDIR)/doc/
	install -m 0644 contrib/capejail.bash $(COMPDIR)/capejail
	install -d $(POLDIR)
	install -m 0644 $(POLICIES) $(POLDIR)/

uninstall:
	rm -f $(BINDIR)/capejail $(MANDIR)/capejail.1 $(COMPDIR)/capejail \
		$(DOCDIR)/SYSCALLS.md $(DOCDIR)/README.md \
		$(addprefix $(DOCDIR)/,$(USER_DOCS)) \
		$(addprefix $(POLDIR)/,$(notdir $(POLICIES)))
	-rmdir $(DOCDIR)/doc $(DOCDIR) $(POLDIR) $(dir $(POLDIR)) 2>/dev/null

format:
	clang-format -i src/*.c src/*.h tools/*.c tests/unit/*.c tests/unit/*.h tests/probes/*.c bench/*.c tests/fuzz/*.c

format-check:
	clang-format --dry-run --Werror src/*.c src/*.h tools/*.c tests/unit/*.c tests/unit/*.h tests/probes/*.c bench/*.c tests/fuzz/*.c

clean:
	rm -rf $(BUILD) build-san build-aarch64 capejail

# Debian package, built from a copy of the tree in $(BUILD)/deb, checked with
# lintian (warnings fail).
deb: deps
	tools/install-deps.sh --deb
	rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/capejail-$(VERSION)
	git ls-files -z | xargs -0 cp --parents -t $(BUILD)/deb/capejail-$(VERSION)
	cd $(BUILD)/deb/capejail-$(VERSION) && dpkg-buildpackage -us -uc -b
	lintian --fail-on warning,error $(BUILD)/deb/*.changes
	dpkg-deb -c $(BUILD)/deb/capejail_$(VERSION)-*.deb | grep ' ./usr/bin/capejail$$' >/dev/null
	dpkg-deb -c $(BUILD)/deb/capejail_$(VERSION)-*.deb | grep ' ./usr/share/capejail/policies/server.md$$' >/dev/null

# Header dependencies of every object built so far (-MMD).
-include $(wildcard $(BUILD)/*.d $(BUILD)/host/*.d)
