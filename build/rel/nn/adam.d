build/rel/nn/adam.o: src/nn/adam.c src/nn/adam.h
src/nn/adam.h:
