# losslab — one flat Makefile (llm.c / kilo style).
#   make            build ./losslab (objects under build/)
#   make run        build and start the live screen on the demo data
#   make test       build and run every test (cmocka units, headless end-to-end, tmux screen tests)
#   make bench      training throughput for the demo and seed shapes
#   make SANITIZE=1 test   the same suite under ASan + UBSan (objects under build/san/)
#   make valgrind  headless runs under valgrind memcheck (build/vg/; in the plain make test)
#   make fuzz FUZZ_SECONDS=N   libFuzzer harnesses (tests/fuzz/), N seconds each (clang; the
#                  fuzz set-up step installs clang + libclang-rt-14-dev when missing)
# The set-up step (build/.setup) installs the Debian packages the build needs when pkg-config
# cannot find them, so a fresh machine needs nothing by hand.

CC      ?= cc
ARCH    ?= -march=native
OPT     ?= -O2
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wundef -Wno-format-truncation
PREFIX  ?= /usr/local
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

CFLAGS  = $(CSTD) $(OPT) $(ARCH) $(WARN) $(SANFLAGS) -Isrc -MMD -MP $(PKG_CFLAGS) -DLOSSLAB_DATADIR='"$(PREFIX)/share/losslab"'
LDFLAGS = $(SANFLAGS) -pthread
LDLIBS  = $(PKG_LIBS) -lm

SRC      := $(sort $(wildcard src/*.c src/*/*.c))
OBJ      := $(patsubst src/%.c,$(BUILD)/%.o,$(SRC))
MAIN_OBJ := $(BUILD)/main.o
LIB_OBJ  := $(filter-out $(MAIN_OBJ),$(OBJ))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BIN      := $(BUILD)/losslab

.PHONY: all setup run test unit e2e tui bench clean install fuzz fuzz-bins fuzz-test valgrind man docs
all: losslab

setup: build/.setup
build/.setup: tools/setup.sh
	@sh tools/setup.sh
	@mkdir -p build && touch $@

losslab: $(BIN)
	@if [ "$(SANITIZE)" != "1" ]; then cp $(BIN) losslab.tmp && mv -f losslab.tmp losslab; fi

$(BIN): $(OBJ) | build/.setup
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/%.o: src/%.c | build/.setup
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) | build/.setup
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -Itests -o $@ $< $(LIB_OBJ) $(LDFLAGS) $(CMOCKA_LIBS) $(LDLIBS)

run: losslab
	./losslab

# Unit tests first (fast, precise), then the headless end-to-end runs, then the screen in tmux.
test: $(BIN) $(TEST_BIN)
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
# valgrind is installed (a note otherwise). Its own build, build/vg/, without -march=native:
# valgrind cannot execute AVX-512.
VALGRIND_ARCH ?= $(if $(filter x86_64,$(shell uname -m)),-march=x86-64-v2,)
valgrind:
	@if command -v valgrind >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory BUILD=build/vg ARCH="$(VALGRIND_ARCH)" SANITIZE= build/vg/losslab && \
		LOSSLAB=build/vg/losslab sh tests/valgrind_headless.sh; \
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
FUZZ_CFLAGS = $(CSTD) -O1 $(ARCH) $(WARN) -Wno-unknown-warning-option $(FUZZ_SAN) -Isrc -MMD -MP $(PKG_CFLAGS) -DLOSSLAB_DATADIR='"$(PREFIX)/share/losslab"'
FUZZ_OBJ   := $(patsubst src/%.c,$(FUZZ_BUILD)/obj/%.o,$(filter-out src/main.c,$(SRC)))

build/.fuzz-setup: tests/fuzz/fuzz.sh
	@sh tests/fuzz/fuzz.sh setup $(FUZZ_CC)
	@mkdir -p build && touch $@

$(FUZZ_BUILD)/obj/%.o: src/%.c | build/.setup
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

bench: $(BIN)
	$(BIN) bench --hidden 32 --batch 32 --threads 1 --models bce --seconds 3
	$(BIN) bench --hidden 32 --batch 32 --threads 2 --models bce,cce1,cce2 --seconds 3
	$(BIN) bench --hidden 256 --batch 32 --threads 2 --models bce --seconds 5
	$(BIN) bench --hidden 256 --batch 32 --threads 2 --models bce,cce1,cce2 --seconds 5
	sh tools/bench_screen.sh $(BIN)

# The man page's SET-UPS list comes from the set-up table (tests/e2e_docs.sh checks it is current).
man: losslab
	@sh tools/gen_man_setups.sh ./losslab > build/setups.roff
	@awk -v gen=build/setups.roff '/^\.\\" BEGIN SET-UPS/ { print; while ((getline l < gen) > 0) print l; skip = 1; next } \
	     /^\.\\" END SET-UPS/ { skip = 0 } !skip { print }' losslab.1 > build/losslab.1.new
	@mv build/losslab.1.new losslab.1 && echo "losslab.1: SET-UPS list regenerated from the set-up table"

# The atlas's derived documents (docs/atlas.tsv, the grid and details in docs/atlas.md) come from
# the atlas table (tests/e2e_atlas.sh checks them); `make docs` also regenerates the man page list.
docs: man
	@sh tools/gen_atlas_docs.sh ./losslab docs && echo "docs/atlas.tsv, docs/atlas.md: regenerated from the atlas table"

install: losslab
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/losslab/lessons $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 losslab $(DESTDIR)$(PREFIX)/bin/losslab
	install -m 644 lessons/*.lesson $(DESTDIR)$(PREFIX)/share/losslab/lessons/
	if [ -f losslab.1 ]; then install -m 644 losslab.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

clean:
	rm -rf build losslab

-include $(OBJ:.o=.d) $(TEST_BIN:=.d) $(FUZZ_OBJ:.o=.d) $(FUZZ_BIN:=.d)

# make reference: the real frameworks (tf-keras, TF 2.15, Keras 3 on TF/JAX/PyTorch, PyTorch, TF.js)
# in virtual environments under build/ref/, rewriting tests/fixtures/reference/ (tools/reference/
# README.md). A reference tool only: make test and CI read the committed fixtures, never this.
.PHONY: reference
reference: losslab
	sh tools/reference/run.sh all
