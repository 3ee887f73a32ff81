# disco - top-level Makefile.
#
#   make          build disco.ko natively (on a Loongson-3 host) against KDIR
#   make cross    cross-build disco.ko, tools/discoctl and selftests for
#                 mips64el against the headers unpacked by tools/qemu-host/setup.sh
#   make cross-debug  the same, but disco.ko against the debug-tier kernel
#                 (tools/qemu-host/debug-kernel.sh), built in build/debug-module
#   make unit     build and run the host unit tests (tests/unit)
#   make check    checkpatch + sparse; fails on any error or warning
#   make clean    remove build products (keeps build/kernel-*, build/linux-source-*)
#   make distclean  also remove build/ entirely
#
# The module itself is described by the top-level Kbuild file; kbuild reads
# Kbuild in preference to this Makefile, so the two never mix.

# Native build: the running kernel's headers.
KDIR ?= /lib/modules/$(shell uname -r)/build

# Cross settings written by setup.sh (KDIR, KVER, VMLINUZ, KSFT_DIR,
# CHECKPATCH, BUSYBOX).  env.mk assigns KDIR with :=, so keep the native
# KDIR aside and use env.mk's one only for cross targets.  KDIR=... on the
# command line still overrides both.
SHELL := /bin/bash

NATIVE_KDIR := $(KDIR)
-include build/env.mk
CROSS_KDIR := $(KDIR)
KDIR := $(NATIVE_KDIR)

CROSS_COMPILE_MIPS := mips64el-linux-gnuabi64-
CROSS_ARGS := ARCH=mips CROSS_COMPILE=$(CROSS_COMPILE_MIPS)

.PHONY: all modules cross cross-module cross-debug cross-module-debug cross-user unit check checkpatch sparse clean distclean need-env

all: modules

modules:
	@test -f Kbuild || { echo "make: no Kbuild file yet, nothing to build" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

need-env:
	@test -f build/env.mk || { echo "make: build/env.mk missing, run tools/qemu-host/setup.sh" >&2; exit 1; }

# Sub-makes run only once their directories have a Makefile, so this works
# before the other parts of the tree land.
cross: cross-module cross-user

cross-user:
	@if [ -f tools/discoctl/Makefile ]; then \
		$(MAKE) -C tools/discoctl CROSS_COMPILE=$(CROSS_COMPILE_MIPS); \
	else echo "make: tools/discoctl not present, skipped"; fi
	@if [ -f selftests/Makefile ]; then \
		$(MAKE) -C selftests CROSS_COMPILE=$(CROSS_COMPILE_MIPS) KSFT_DIR=$(KSFT_DIR); \
	else echo "make: selftests not present, skipped"; fi

cross-module: need-env
	@if [ -f Kbuild ]; then \
		$(MAKE) -C $(CROSS_KDIR) M=$(CURDIR) $(CROSS_ARGS) modules; \
	else echo "make: no Kbuild file yet, disco.ko skipped"; fi

# Debug tier (README.md "Debug tier"): disco.ko against the debug kernel's
# build tree.  Kbuild has no separate output directory for external modules
# in 6.1, so the sources are copied (mtimes kept, only newer files) into
# build/debug-module and built there: the normal objects stay untouched.
DEBUG_MOD := $(CURDIR)/build/debug-module

cross-debug: cross-module-debug cross-user

cross-module-debug:
	@test -f build/env-debug.sh || { echo "make: build/env-debug.sh missing, run tools/qemu-host/debug-kernel.sh" >&2; exit 1; }
	@mkdir -p $(DEBUG_MOD)
	@cp -p Kbuild $(DEBUG_MOD)/
	@find kernel uapi -type f \( -name '*.[chS]' -o -name Makefile \) -print0 | \
		xargs -0 cp -p -u --parents -t $(DEBUG_MOD)
	. build/env-debug.sh && $(MAKE) -C $$DEBUG_KDIR M=$(DEBUG_MOD) $(CROSS_ARGS) KCFLAGS="$$DEBUG_KCFLAGS" modules

unit:
	@if [ -f tests/unit/Makefile ]; then \
		$(MAKE) -C tests/unit run; \
	else echo "make: tests/unit not present, skipped"; fi

# Run both checkers even if the first one complains, then fail if either did.
check:
	@rc=0; $(MAKE) --no-print-directory checkpatch || rc=1; \
	$(MAKE) --no-print-directory sparse || rc=1; exit $$rc

# checkpatch exits non-zero on any ERROR or WARNING (CHECKs are advisory).
checkpatch: need-env
	@files=$$(find kernel uapi \( -path 'kernel/*.[ch]' -o -path 'uapi/*.h' \) -type f 2>/dev/null | sort); \
	if [ -z "$$files" ]; then echo "checkpatch: no sources yet"; exit 0; fi; \
	$(CHECKPATCH) --no-tree --show-types --quiet -f $$files && echo "checkpatch: clean"

# C=2 runs sparse on every file even when the object is up to date.  sparse
# never fails the build by itself, so grep its output for diagnostics in our
# own files (sparse 0.6.4 always warns "builtin: preprocessor token
# __ATOMIC_* redefined" for the MIPS CHECKFLAGS; that noise is not ours).
sparse: need-env
	@test -f Kbuild || { echo "sparse: no Kbuild file yet"; exit 0; }; \
	mkdir -p build; \
	$(MAKE) -C $(CROSS_KDIR) M=$(CURDIR) $(CROSS_ARGS) C=2 CHECK=sparse modules 2>&1 | tee build/sparse.log; \
	test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	if grep -E '^$(CURDIR)/[^:]+:[0-9]+:[0-9]+: (warning|error): ' build/sparse.log; then \
		echo "sparse: diagnostics found (see above)" >&2; exit 1; fi; \
	echo "sparse: clean"

clean:
	@if [ -f Kbuild ]; then \
		if [ -d "$(CROSS_KDIR)" ]; then $(MAKE) -C $(CROSS_KDIR) M=$(CURDIR) $(CROSS_ARGS) clean; \
		elif [ -d "$(NATIVE_KDIR)" ]; then $(MAKE) -C $(NATIVE_KDIR) M=$(CURDIR) clean; fi; \
	fi
	@for d in tools/discoctl selftests tests/unit; do \
		if [ -f $$d/Makefile ]; then $(MAKE) -C $$d clean; fi; \
	done
	rm -f build/initramfs-*.cpio.gz build/*.log
	rm -rf build/initramfs-*

distclean: clean
	rm -rf build
