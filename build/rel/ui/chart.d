build/rel/ui/chart.o: src/ui/chart.c src/ui/chart.h src/ui/grid.h
src/ui/chart.h:
src/ui/grid.h:
