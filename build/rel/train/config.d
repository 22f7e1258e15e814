build/rel/train/config.o: src/train/config.c src/train/config.h \
 src/data/data.h src/nn/heads.h src/nn/net.h src/nn/adam.h src/nn/pool.h \
 src/base/xalloc.h
src/train/config.h:
src/data/data.h:
src/nn/heads.h:
src/nn/net.h:
src/nn/adam.h:
src/nn/pool.h:
src/base/xalloc.h:
