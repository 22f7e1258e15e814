build/rel/lesson/player.o: src/lesson/player.c src/lesson/player.h \
 src/train/config.h src/data/data.h src/nn/heads.h src/nn/net.h \
 src/nn/adam.h src/nn/pool.h
src/lesson/player.h:
src/train/config.h:
src/data/data.h:
src/nn/heads.h:
src/nn/net.h:
src/nn/adam.h:
src/nn/pool.h:
