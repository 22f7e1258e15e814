build/rel/nn/pool.o: src/nn/pool.c src/nn/pool.h src/base/xalloc.h
src/nn/pool.h:
src/base/xalloc.h:
