build/rel/nn/gemm.o: src/nn/gemm.c src/nn/gemm.h src/nn/pool.h \
 src/base/xalloc.h
src/nn/gemm.h:
src/nn/pool.h:
src/base/xalloc.h:
