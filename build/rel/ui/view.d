build/rel/ui/view.o: src/ui/view.c src/ui/view.h src/ui/chart.h \
 src/ui/grid.h src/ui/trainer.h src/train/arena.h src/data/data.h \
 src/nn/heads.h src/nn/net.h src/nn/adam.h src/nn/pool.h \
 src/train/config.h src/base/xalloc.h
src/ui/view.h:
src/ui/chart.h:
src/ui/grid.h:
src/ui/trainer.h:
src/train/arena.h:
src/data/data.h:
src/nn/heads.h:
src/nn/net.h:
src/nn/adam.h:
src/nn/pool.h:
src/train/config.h:
src/base/xalloc.h:
