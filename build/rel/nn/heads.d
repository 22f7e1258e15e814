build/rel/nn/heads.o: src/nn/heads.c src/nn/heads.h
src/nn/heads.h:
