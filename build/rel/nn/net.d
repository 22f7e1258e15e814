build/rel/nn/net.o: src/nn/net.c src/nn/net.h src/nn/adam.h src/nn/pool.h \
 src/base/xalloc.h src/nn/dense.h src/nn/init.h src/nn/rng.h \
 src/nn/lstm.h
src/nn/net.h:
src/nn/adam.h:
src/nn/pool.h:
src/base/xalloc.h:
src/nn/dense.h:
src/nn/init.h:
src/nn/rng.h:
src/nn/lstm.h:
