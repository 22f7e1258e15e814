# losslab — one flat Makefile (llm.c / kilo style).
#   make            build ./losslab (objects under build/); never installs anything: it says
#                   what is missing and how to get it
#   make run        install what is missing (tools/setup.sh), build, start the live screen
#   make test       the same set-up, then every test (cmocka units, headless end-to-end, tmux
#                   screen tests, valgrind, fuzz replay, the .deb's contents, the examples)
#   make bench      training throughput of this build and of a -march=native build (build/native)
#   make SANITIZE=1 test   the same suite under ASan + UBSan (objects under build/san/)
#   make valgrind   headless runs under valgrind memcheck (in the plain make test)
#   make fuzz FUZZ_SECONDS=N   libFuzzer harnesses (tests/fuzz/), N seconds each (clang; the
#                   fuzz set-up step installs clang + libclang-rt-14-dev when missing)
#   make install / uninstall   PREFIX (/usr/local), DESTDIR; make deb: a Debian package;
#                   make deb-check: install it with apt-get, check, remove it, lintian (root)
#
# Flags. The conventional CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are the user's: they are appended
# to the project's own (LL_*), never replace them, so `make CFLAGS="-O2 -g"` builds. OPT (-O2)
# is the default optimisation, ARCH is empty: one binary for every x86-64.
# Warnings are errors (WERROR = -Werror) when building from a git checkout, as developers and CI
# do; a build from an exported tree (a release tarball) only warns, so a newer compiler's new
# warning does not stop a user. `make WERROR=` / `make WERROR=-Werror` choose either way.
# Every object depends on a record of the flags (BUILD/.flags): changing any flag, PREFIX
# included, rebuilds what it affects.
#
# Kernels (src/nn/kern.h). On x86-64, gemm.c, lstm.c and adam.c are compiled three times: with
# the build's flags (portable), with -mavx2 -mfma and with -mavx512f, and the program picks the
# best its CPU runs at start-up (losslab --version says which). DISPATCH=0 builds the base
# variant alone (the default when ARCH is given, e.g. ARCH=-march=native).

CC      ?= cc
ARCH    ?=
OPT     ?= -O2
WERROR  ?= $(if $(wildcard .git),-Werror,)
CSTD    := -std=c11 -ffp-contract=off
WARN    := -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wundef -Wno-format-truncation
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/losslab
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/losslab
DESTDIR ?=

ifeq ($(SANITIZE),1)
BUILD   := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g
OPT     := -O1
else
BUILD   := build/rel
SANFLAGS :=
endif

# Lazily expanded (=) so that pkg-config is asked after the set-up step has run.
PKG_CFLAGS = $(shell pkg-config --cflags ncursesw 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs ncursesw 2>/dev/null)
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell pkg-config --libs cmocka 2>/dev/null)

X86_64   := $(if $(findstring x86_64,$(shell $(CC) -dumpmachine 2>/dev/null)),1,)
DISPATCH ?= $(if $(and $(X86_64),$(if $(strip $(ARCH)),,1)),1,0)
ifeq ($(DISPATCH),1)
KERN_VARIANTS := avx2 avx512
endif
KERN_ISA_avx2   := -mavx2 -mfma
KERN_ISA_avx512 := -mavx512f -mavx2 -mfma
KERN_SRC := src/nn/gemm.c src/nn/lstm.c src/nn/adam.c

LL_CPPFLAGS = -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DKERN_DISPATCH=$(DISPATCH) \
              -DLOSSLAB_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS)
LL_CFLAGS   = $(CSTD) $(OPT) $(ARCH) $(WARN) $(SANFLAGS) -MMD -MP
ALL_CFLAGS  = $(LL_CPPFLAGS) $(CPPFLAGS) $(LL_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) -pthread $(LDFLAGS)
ALL_LDLIBS  = $(PKG_LIBS) -lm $(LDLIBS)

SRC      := $(sort $(wildcard src/*.c src/*/*.c))
OBJ      := $(patsubst src/%.c,$(BUILD)/%.o,$(SRC)) \
            $(foreach v,$(KERN_VARIANTS),$(patsubst src/%.c,$(BUILD)/%.$(v).o,$(KERN_SRC)))
MAIN_OBJ := $(BUILD)/main.o
LIB_OBJ  := $(filter-out $(MAIN_OBJ),$(OBJ))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BIN      := $(BUILD)/losslab
WERROR_HINT = $(if $(WERROR),|| { echo "hint: warnings are errors here (WERROR=$(WERROR)); make WERROR= builds anyway" >&2; exit 1; })

.PHONY: all setup run test test-suite bench clean install uninstall deb deb-check fuzz fuzz-bins fuzz-test valgrind man docs FORCE
all: losslab

# `make run` / `make test` install what is missing; plain `make` only checks (build/.deps-*).
setup:
	@sh tools/setup.sh install
build/.deps-build: tools/setup.sh
	@sh tools/setup.sh check build
	@mkdir -p build && touch $@
build/.deps-test: tools/setup.sh
	@sh tools/setup.sh check test
	@mkdir -p build && touch $@

# The flags every object was compiled with; rewritten only when they change.
FLAGS_NOW = $(CC) $(ALL_CFLAGS) | $(KERN_VARIANTS) | $(ALL_LDFLAGS) $(ALL_LDLIBS)
$(BUILD)/.flags: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(subst ','\'',$(FLAGS_NOW))' > $@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

losslab: $(BIN)
	@if [ "$(SANITIZE)" != "1" ]; then cp $(BIN) losslab.tmp && mv -f losslab.tmp losslab; fi

$(BIN): $(OBJ) $(BUILD)/.flags
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJ) $(ALL_LDLIBS)

$(BUILD)/%.o: src/%.c $(BUILD)/.flags | build/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $< $(WERROR_HINT)

# The kernel variants: the same source, the variant's instruction set, its name suffix.
$(BUILD)/%.avx2.o: src/%.c $(BUILD)/.flags | build/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(KERN_ISA_avx2) -DKERN_SFX=avx2 -c -o $@ $< $(WERROR_HINT)
$(BUILD)/%.avx512.o: src/%.c $(BUILD)/.flags | build/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(KERN_ISA_avx512) -DKERN_SFX=avx512 -c -o $@ $< $(WERROR_HINT)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) $(BUILD)/.flags | build/.deps-test
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests -o $@ $< $(LIB_OBJ) $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(ALL_LDLIBS) $(WERROR_HINT)

run: setup
	@$(MAKE) --no-print-directory losslab
	./losslab

# Unit tests first (fast, precise), then the headless end-to-end runs, then the screen in tmux.
test: setup
	@$(MAKE) --no-print-directory test-suite
test-suite: $(BIN) $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do echo "== $$t"; (cd tests && ../$$t) || fail=1; done; \
	for s in tests/e2e_*.sh; do [ -e "$$s" ] || continue; echo "== $$s"; LOSSLAB=$(BIN) sh $$s || fail=1; done; \
	for s in tests/tui_*.sh; do [ -e "$$s" ] || continue; echo "== $$s"; LOSSLAB=$(BIN) sh $$s || fail=1; done; \
	if [ "$(SANITIZE)" != 1 ]; then echo "== valgrind"; $(MAKE) --no-print-directory valgrind || fail=1; fi; \
	echo "== fuzz"; \
	if sh tests/fuzz/fuzz.sh check $(FUZZ_CC); then \
		$(MAKE) --no-print-directory fuzz-test || fail=1; \
	else echo "note: $(FUZZ_CC) with libFuzzer is not available: fuzzing skipped (make fuzz installs it)"; fi; \
	if [ $$fail -ne 0 ]; then echo "make test: FAILED"; exit 1; fi; echo "make test: all passed"

# ---- valgrind -----------------------------------------------------------------------------------
# Headless runs under memcheck (tests/valgrind_headless.sh), part of the plain make test when
# valgrind is installed (a note otherwise). The default build itself: valgrind's synthetic CPU
# reports no AVX-512, so the start-up choice takes a variant it executes (the line below shows
# which).
valgrind:
	@if command -v valgrind >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory SANITIZE= build/rel/losslab && \
		echo "valgrind runs: $$(valgrind -q build/rel/losslab --version | grep kernels)" && \
		LOSSLAB=build/rel/losslab sh tests/valgrind_headless.sh; \
	else echo "note: valgrind is not installed: the valgrind run is skipped"; fi

# ---- fuzzing (tests/fuzz/) ---------------------------------------------------------------------
# One libFuzzer binary per harness tests/fuzz/fuzz_NAME.c, always ASan + UBSan, objects under
# build/fuzz/ whatever SANITIZE says. Seeds and regression inputs (every crasher ever found):
# tests/fuzz/corpus/NAME/; dictionary: tests/fuzz/NAME.dict.
#   make fuzz [FUZZ_SECONDS=N]   replay the corpora, then fuzz each harness N seconds
#   make test                    replays the corpora and fuzzes FUZZ_TEST_SECONDS each (0 under
#                                SANITIZE=1: the fuzz binaries are sanitized already); skipped with
#                                a note when clang cannot link -fsanitize=fuzzer
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
ifeq ($(SANITIZE),1)
FUZZ_TEST_SECONDS ?= 0
else
FUZZ_TEST_SECONDS ?= 20
endif
# Harnesses: csv (the CSV reader), cli (the command line), lesson (the lesson parser; corpus seeded
# from lessons/*.lesson and the test fixtures).
FUZZERS    := csv cli lesson
FUZZ_BUILD := build/fuzz
FUZZ_BIN   := $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZERS))
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g
FUZZ_CFLAGS = $(CSTD) -O1 $(ARCH) $(WARN) -Wno-unknown-warning-option $(FUZZ_SAN) -Isrc -MMD -MP $(PKG_CFLAGS) -DLOSSLAB_DATADIR='"$(DATADIR)"'
FUZZ_OBJ   := $(patsubst src/%.c,$(FUZZ_BUILD)/obj/%.o,$(filter-out src/main.c,$(SRC)))

build/.fuzz-setup: tests/fuzz/fuzz.sh
	@sh tests/fuzz/fuzz.sh setup $(FUZZ_CC)
	@mkdir -p build && touch $@

$(FUZZ_BUILD)/obj/%.o: src/%.c | build/.deps-build
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# csv includes src/data/csv.c and needs only xalloc and atomic; cli includes src/main.c and needs the rest.
$(FUZZ_BUILD)/fuzz_csv: tests/fuzz/fuzz_csv.c $(FUZZ_BUILD)/obj/base/xalloc.o $(FUZZ_BUILD)/obj/base/atomic.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/obj/base/xalloc.o $(FUZZ_BUILD)/obj/base/atomic.o -lm
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) -pthread $(PKG_LIBS) -lm

.SECONDARY: $(FUZZ_OBJ)
fuzz-bins: $(FUZZ_BIN)

fuzz: build/.fuzz-setup
	@$(MAKE) --no-print-directory fuzz-bins
	@sh tests/fuzz/fuzz.sh run $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZERS)

fuzz-test: fuzz-bins
	@sh tests/fuzz/fuzz.sh run $(FUZZ_BUILD) $(FUZZ_TEST_SECONDS) $(FUZZERS)

# ---- bench ---------------------------------------------------------------------------------------
# This build (one binary for every x86-64, kernels chosen at start-up) against a -march=native
# build of the same source (build/native, DISPATCH=0: every file compiled for this CPU only).
# The two run in alternation, BENCH_REPS times, and each line is the best of its runs (the
# machine is shared: the best is the least disturbed).
NATIVE_BIN  := build/native/losslab
BENCH_REPS  ?= 5
BENCH_CASES := "--hidden 32 --batch 32 --threads 1 --models bce --seconds 3" \
               "--hidden 32 --batch 32 --threads 2 --models bce,cce1,cce2 --seconds 3" \
               "--hidden 256 --batch 32 --threads 1 --models bce --seconds 5" \
               "--hidden 256 --batch 32 --threads 2 --models bce,cce1,cce2 --seconds 5"
bench: $(BIN)
	@$(MAKE) --no-print-directory BUILD=build/native ARCH=-march=native DISPATCH=0 SANITIZE= $(NATIVE_BIN)
	@sh tools/bench_builds.sh $(BIN) $(NATIVE_BIN) $(BENCH_REPS) $(BENCH_CASES)
	sh tools/bench_screen.sh $(BIN)

# The man page's SET-UPS list comes from the set-up table (tests/e2e_docs.sh checks it is current).
man: losslab
	@sh tools/gen_man_setups.sh ./losslab > build/setups.roff
	@sh tools/man_splice.sh SET-UPS build/setups.roff losslab.1 && echo "losslab.1: SET-UPS list regenerated from the set-up table"
	@sh tools/gen_man_diagnoses.sh ./losslab > build/diagnoses.roff
	@sh tools/man_splice.sh DIAGNOSES build/diagnoses.roff losslab.1 && echo "losslab.1: DIAGNOSIS list regenerated from the diagnose table"

# The atlas's derived documents (docs/atlas.tsv, the grid and details in docs/atlas.md) come from
# the atlas table (tests/e2e_atlas.sh checks them); `make docs` also regenerates the man page list.
docs: man
	@sh tools/gen_atlas_docs.sh ./losslab docs && echo "docs/atlas.tsv, docs/atlas.md: regenerated from the atlas table"

# ---- install, packages -----------------------------------------------------------------------------
# The binary looks for lessons in ./lessons, then DATADIR/lessons (compiled in); the man page is
# given the real paths at install time.
MAN_SED = -e 's|/usr/local/share/losslab|$(DATADIR)|g' -e 's|/usr/local/share/doc/losslab|$(DOCDIR)|g'
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/losslab
	install -m 644 lessons/*.lesson $(DESTDIR)$(DATADIR)/lessons/
	sed $(MAN_SED) losslab.1 > $(DESTDIR)$(MANDIR)/man1/losslab.1.tmp
	chmod 644 $(DESTDIR)$(MANDIR)/man1/losslab.1.tmp
	mv -f $(DESTDIR)$(MANDIR)/man1/losslab.1.tmp $(DESTDIR)$(MANDIR)/man1/losslab.1
	install -m 644 lessons/README.md $(DESTDIR)$(DOCDIR)/lessons.md
	install -m 644 README.md docs/semantics.md docs/atlas.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/losslab $(DESTDIR)$(MANDIR)/man1/losslab.1
	rm -f $(patsubst lessons/%,$(DESTDIR)$(DATADIR)/lessons/%,$(wildcard lessons/*.lesson))
	rm -f $(DESTDIR)$(DOCDIR)/lessons.md $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/semantics.md $(DESTDIR)$(DOCDIR)/atlas.md
	-rmdir $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) 2>/dev/null

# make deb: build/losslab_VERSION_ARCH.deb (tools/mkdeb.sh), built with Debian's own flags
# (dpkg-buildflags: hardening, -g, which the package strips) in build/deb-obj, PREFIX=/usr.
DEB_BUILD := build/deb-obj
deb: export DEB_BUILD_MAINT_OPTIONS = hardening=+all
deb:
	@command -v dpkg-deb >/dev/null 2>&1 || { echo "make deb: needs dpkg-deb (Debian's dpkg package)" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=$(DEB_BUILD) SANITIZE= PREFIX=/usr \
		CFLAGS="$$(dpkg-buildflags --get CFLAGS)" CPPFLAGS="$$(dpkg-buildflags --get CPPFLAGS)" \
		LDFLAGS="$$(dpkg-buildflags --get LDFLAGS)" $(DEB_BUILD)/losslab
	@rm -rf build/deb-root
	@$(MAKE) --no-print-directory BUILD=$(DEB_BUILD) SANITIZE= PREFIX=/usr DESTDIR=build/deb-root \
		CFLAGS="$$(dpkg-buildflags --get CFLAGS)" CPPFLAGS="$$(dpkg-buildflags --get CPPFLAGS)" \
		LDFLAGS="$$(dpkg-buildflags --get LDFLAGS)" install >/dev/null
	@sh tools/mkdeb.sh build/deb-root build

# Installs the package for real with apt-get, checks it, removes it, checks nothing is left,
# then runs lintian. Root only, and it changes the system's package database: not in make test
# (tests/e2e_deb.sh checks the package's contents there without installing it).
deb-check: deb
	sh tools/deb_check.sh build

FORCE:

clean:
	rm -rf build losslab

-include $(OBJ:.o=.d) $(TEST_BIN:=.d) $(FUZZ_OBJ:.o=.d) $(FUZZ_BIN:=.d)

# make reference: the real frameworks (tf-keras, TF 2.15, Keras 3 on TF/JAX/PyTorch, PyTorch, TF.js)
# in virtual environments under build/ref/, rewriting tests/fixtures/reference/ (tools/reference/
# README.md). A reference tool only: make test and CI read the committed fixtures, never this.
.PHONY: reference
reference: losslab
	sh tools/reference/run.sh all
