build/rel/nn/init.o: src/nn/init.c src/nn/init.h src/nn/rng.h \
 src/base/xalloc.h
src/nn/init.h:
src/nn/rng.h:
src/base/xalloc.h:
