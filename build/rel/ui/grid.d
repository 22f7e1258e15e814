build/rel/ui/grid.o: src/ui/grid.c src/ui/grid.h src/base/xalloc.h
src/ui/grid.h:
src/base/xalloc.h:
