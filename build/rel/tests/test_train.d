build/rel/tests/test_train: tests/test_train.c src/train/arena.h \
 src/data/data.h src/nn/heads.h src/nn/net.h src/nn/adam.h src/nn/pool.h \
 src/train/config.h
src/train/arena.h:
src/data/data.h:
src/nn/heads.h:
src/nn/net.h:
src/nn/adam.h:
src/nn/pool.h:
src/train/config.h:
