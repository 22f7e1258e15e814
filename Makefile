# losslab — one flat Makefile (llm.c / kilo style).
#   make            build ./losslab (objects under build/)
#   make run        build and start the live screen on the demo data
#   make test       build and run every test (cmocka units, headless end-to-end, tmux screen tests)
#   make bench      training throughput for the demo and seed shapes
#   make SANITIZE=1 test   the same suite under ASan + UBSan (objects under build/san/)
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

.PHONY: all setup run test unit e2e tui bench clean install fuzz
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
	if [ $$fail -ne 0 ]; then echo "make test: FAILED"; exit 1; fi; echo "make test: all passed"

bench: $(BIN)
	$(BIN) bench --hidden 32 --batch 32 --threads 1 --models bce --seconds 3
	$(BIN) bench --hidden 32 --batch 32 --threads 2 --models bce,cce1,cce2 --seconds 3
	$(BIN) bench --hidden 256 --batch 32 --threads 2 --models bce --seconds 5
	$(BIN) bench --hidden 256 --batch 32 --threads 2 --models bce,cce1,cce2 --seconds 5
	sh tools/bench_screen.sh $(BIN)

install: losslab
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/losslab/lessons $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 losslab $(DESTDIR)$(PREFIX)/bin/losslab
	install -m 644 lessons/*.lesson $(DESTDIR)$(PREFIX)/share/losslab/lessons/
	if [ -f losslab.1 ]; then install -m 644 losslab.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

clean:
	rm -rf build losslab

-include $(OBJ:.o=.d) $(TEST_BIN:=.d)
