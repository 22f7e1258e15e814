build/rel/data/csv.o: src/data/csv.c src/data/data.h src/base/xalloc.h
src/data/data.h:
src/base/xalloc.h:
