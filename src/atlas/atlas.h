/* atlas — what each framework and version does with one output layer + loss + label format.
 * THE atlas table (atlas.c): configurations (rows) x framework columns, each cell an outcome word,
 * the set-up that shows it live (or none), the exact error where the framework raises, the
 * provenance (read in source, measured, inferred) and the reference. `losslab atlas` prints it;
 * docs/atlas.tsv and the grid in docs/atlas.md are its output (tests/e2e_atlas.sh checks them).
 * Owns nothing: read-only tables; the printers write to a FILE. */
#ifndef LOSSLAB_ATLAS_H
#define LOSSLAB_ATLAS_H
#include <stdio.h>
#include "setup/setup.h"

typedef enum { COL_TFK21, COL_TFK23, COL_TFK215, COL_K3TF, COL_K3JAX, COL_TORCH, COL_TFJS, ATLAS_COLS } AtlasColumnId;

typedef enum {
    OUT_LEARNS, OUT_COLLAPSES0, OUT_COLLAPSES1, OUT_COLLAPSES, OUT_FROZEN, OUT_HIDDEN_LOGIT, OUT_FLOOR,
    OUT_INFLATED, OUT_DIVERGES, OUT_PARTIAL, OUT_ERRATIC, OUT_SLOW, OUT_REFUSES, OUT_WARNS_FIXES, OUT_NA,
    OUT_COUNT
} Outcome;

typedef enum { PROV_SOURCE, PROV_MEASURED, PROV_INFERRED } Provenance;

typedef struct {
    const char *id;        /* "tfk215" */
    const char *aliases;   /* other names accepted by --framework, space-separated */
    const char *name;      /* "tf.keras 2.4-2.15, tf-keras 2.16-2.21, Keras 2.4" */
    const char *head;      /* column heading in the grid, <= 7 characters */
} AtlasColumn;

typedef struct {
    const char *id;        /* "sigmoid1+cce" */
    const char *title;     /* "Dense(1, sigmoid) + categorical_crossentropy, labels 0/1 of shape (N,1)" */
} AtlasConfig;

typedef struct {
    const char *config;    /* AtlasConfig id */
    AtlasColumnId column;
    Outcome outcome;
    const char *setup;     /* the set-up that shows it live, or NULL */
    const char *note;      /* refuses: the exact message, then optionally " -- " and a note */
    Provenance prov;
    const char *ref;
} AtlasCell;

const char *atlas_outcome_word(Outcome o);          /* "collapses-0" */
const AtlasColumn *atlas_column(int i);             /* 0 <= i < ATLAS_COLS */
/* A column by id or alias (case-insensitive), or -1; *near: the nearest name, or NULL. */
int  atlas_find_column(const char *name, const char **near);
/* A configuration by id, or by the id of a set-up one of its cells shows; NULL if none (*near: a
 * suggestion, or NULL). */
const AtlasConfig *atlas_find_config(const char *name, const char **near);
const AtlasCell *atlas_cell(const char *config, AtlasColumnId col);
/* every configuration / every cell, in table order */
const AtlasConfig *atlas_configs(int *n);
const AtlasCell *atlas_cells(int *n);

/* The printers. width: the terminal's columns (>= 60); lines are wrapped at word boundaries. */
void atlas_print_grid(FILE *f, const SetupTable *t, int width);
void atlas_print_column(FILE *f, const SetupTable *t, int col, int width);
void atlas_print_config(FILE *f, const SetupTable *t, const AtlasConfig *c, int width);
void atlas_print_tsv(FILE *f);
/* "tfk21 tfk23 ..." and "sigmoid1+bce ..." for messages */
void atlas_column_list(char *out, size_t cap);
void atlas_config_list(char *out, size_t cap);

#endif
