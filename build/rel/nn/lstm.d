build/rel/nn/lstm.o: src/nn/lstm.c src/nn/lstm.h src/nn/pool.h \
 src/nn/gemm.h
src/nn/lstm.h:
src/nn/pool.h:
src/nn/gemm.h:
