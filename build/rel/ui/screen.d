build/rel/ui/screen.o: src/ui/screen.c src/ui/screen.h src/train/config.h \
 src/data/data.h src/nn/heads.h src/nn/net.h src/nn/adam.h src/nn/pool.h \
 src/ui/trainer.h src/train/arena.h src/ui/view.h src/ui/chart.h \
 src/ui/grid.h src/base/xalloc.h
src/ui/screen.h:
src/train/config.h:
src/data/data.h:
src/nn/heads.h:
src/nn/net.h:
src/nn/adam.h:
src/nn/pool.h:
src/ui/trainer.h:
src/train/arena.h:
src/ui/view.h:
src/ui/chart.h:
src/ui/grid.h:
src/base/xalloc.h:
