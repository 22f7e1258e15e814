build/rel/nn/dense.o: src/nn/dense.c src/nn/dense.h src/nn/pool.h \
 src/nn/gemm.h
src/nn/dense.h:
src/nn/pool.h:
src/nn/gemm.h:
