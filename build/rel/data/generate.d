build/rel/data/generate.o: src/data/generate.c src/data/data.h \
 src/base/xalloc.h src/nn/rng.h
src/data/data.h:
src/base/xalloc.h:
src/nn/rng.h:
