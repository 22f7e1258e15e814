build/rel/data/data.o: src/data/data.c src/data/data.h src/nn/rng.h
src/data/data.h:
src/nn/rng.h:
