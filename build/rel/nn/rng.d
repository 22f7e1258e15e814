build/rel/nn/rng.o: src/nn/rng.c src/nn/rng.h
src/nn/rng.h:
