/* loss_atlas — the loss kernels of the atlas set-ups (issue 9): for every output-layer / loss /
 * framework combination that behaves differently, the per-sample loss the framework reports and
 * the gradient it really back-propagates into the head's pre-activations, side by side.
 * Owns nothing: no memory, no state; every function writes only into the caller's arrays.
 *
 * Contract of every kernel (LossFn):
 *   z        (B, U) pre-activations of the head (logits), row-major
 *   y        (B)    class indices 0..K-1 (binary set-ups: 0/1)
 *   U               head units: 1 for one-unit heads, K for K-unit heads
 *   loss_out (B)    per-sample loss as the framework reports it: its batch mean is the reported
 *                   loss (for a loss averaged over the K columns, the row mean); may be NULL
 *   dz       (B, U) gradient of the batch-MEAN loss w.r.t. z as the framework really
 *                   back-propagates it (per-sample gradient / B, or / (B*K) where the framework
 *                   also averages over the K columns); may be NULL
 * K-unit kernels that keep a row on the stack take K <= 256 and write NaN rows beyond that.
 * All arithmetic in float32, as the frameworks compute it; eps = 1e-7f is the Keras / TF.js
 * backend epsilon (1 - eps rounds to 0.99999988 = 1 - 2^-23 in float32).
 *
 * Notation in the comments: s = softmax(z) over the row, p = sigmoid(z), c = clip(x, eps, 1-eps),
 * Y = onehot(y), B = batch size, K = U. "[S]" read in the framework's source, "[M]" measured,
 * "[I]" inferred (not read nor measured). Every kernel's comment in loss_atlas.c names the
 * configuration, the frameworks and versions, the source and the shapes. */
#ifndef LOSSLAB_LOSS_ATLAS_H
#define LOSSLAB_LOSS_ATLAS_H

#ifndef LOSSLAB_LOSSFN_DEFINED
#define LOSSLAB_LOSSFN_DEFINED
/* z (B, U) pre-activations of the head (logits), row-major; y (B) class indices 0..K-1
 * (binary set-ups: 0/1); U = head units (1 for one-unit heads, K for K-unit heads).
 * loss_out (B): per-sample loss as the framework reports it (batch mean = reported loss); may be NULL.
 * dz (B, U): gradient of the batch-MEAN loss w.r.t. z as the framework really back-propagates
 * it (per-sample gradient / B unless the framework's reduction differs); may be NULL. */
typedef void (*LossFn)(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
#endif

/* ---- binary set-ups, one-unit heads (U = 1, y in {0, 1}) ---------------------------------- */

/* Dense(1, softmax) + binary_crossentropy */
void atlas_softmax1_bce(const float *z, const int *y, int B, int U, float *loss_out, float *dz);          /* tf.keras 2.4-2.15, tf-keras, Keras 3 TF: cached logit */
void atlas_softmax1_bce_frozen(const float *z, const int *y, int B, int U, float *loss_out, float *dz);   /* Keras 3 JAX/torch: 15.942385 / 1.19e-7, dz 0 */
void atlas_softmax1_bce_logit(const float *z, const int *y, int B, int U, float *loss_out, float *dz);    /* TF.js, Keras <= 2.2: same, logit round-trip */
void atlas_softmax1_bce_clipeps(const float *z, const int *y, int B, int U, float *loss_out, float *dz);  /* tf.keras 2.0-2.3 [I]: 15.333239 / -0, dz 0 */
void atlas_softmax1_bce_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz);    /* PyTorch BCELoss: 100(1-y), dz 0 */
void atlas_softmax1_bcelogits_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz); /* PyTorch BCEWithLogitsLoss: 1.3132617 - y, dz 0 */
/* Dense(1, softmax) + categorical_crossentropy / CrossEntropyLoss */
void atlas_softmax1_cce(const float *z, const int *y, int B, int U, float *loss_out, float *dz);          /* tf.keras >= 2.4, Keras 3 TF: 0, (1-y)/B */
void atlas_softmax1_cce_frozen(const float *z, const int *y, int B, int U, float *loss_out, float *dz);   /* Keras 3 JAX/torch: y*2^-23, dz 0 */
void atlas_ce1_float_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz);       /* PyTorch CE(z (N,1), float (N,1)): -0, dz 0 */
void atlas_ce1_squeezed_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz);    /* PyTorch CE(z (N,), float (N,)): one unbatched sample */
/* sparse_categorical_crossentropy on one unit (TF GPU/XLA: NaN; Keras 3 JAX: frozen) */
void atlas_scce1_nan(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
void atlas_scce1_jax(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
/* from_logits mistakes */
void atlas_bce_double(const float *z, const int *y, int B, int U, float *loss_out, float *dz);            /* BCE from logits on sigmoid(z): floors 0.6931 / 0.3133 */
void atlas_bce_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz);               /* linear + BCE: tf.keras clip, log(c + eps) */
void atlas_bce_raw_plain(const float *z, const int *y, int B, int U, float *loss_out, float *dz);         /* linear + BCE: Keras 3 clip, log(c) */
void atlas_bce_raw_logit(const float *z, const int *y, int B, int U, float *loss_out, float *dz);         /* linear + BCE: TF.js, Keras <= 2.2 logit round-trip */
/* MSE */
void atlas_mse(const float *z, const int *y, int B, int U, float *loss_out, float *dz);                   /* sigmoid output, same shapes */
void atlas_mse_broadcast(const float *z, const int *y, int B, int U, float *loss_out, float *dz);         /* PyTorch MSELoss (N,1) vs (N,): N x N */
/* hinge with 0/1 labels on a sigmoid output */
void atlas_hinge(const float *z, const int *y, int B, int U, float *loss_out, float *dz);                 /* labels -> +-1 (tf.keras, Keras 3, Keras >= 2.3) */
void atlas_hinge_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz);             /* no conversion (TF.js, Keras <= 2.2.5) */
void atlas_squared_hinge(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
void atlas_squared_hinge_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz);
void atlas_hinge_embedding_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz); /* PyTorch HingeEmbeddingLoss(sigmoid, 0/1) */
void atlas_soft_margin_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz);     /* PyTorch SoftMarginLoss(sigmoid, 0/1) */

/* ---- multi-class set-ups, K-unit heads (U = K >= 2, y in 0..K-1) -------------------------- */

/* Dense(K, softmax) + binary_crossentropy, one-hot labels (mean over B*K) */
void atlas_softmax_bce_legacy(const float *z, const int *y, int B, int U, float *loss_out, float *dz);   /* Keras 1.0.6-2.2.5: clip, logit, sigmoid xent */
void atlas_softmax_bce_clipeps(const float *z, const int *y, int B, int U, float *loss_out, float *dz);  /* Keras 2.3, tf.keras <= 2.3: clip, log(c + eps) */
void atlas_softmax_bce_clip(const float *z, const int *y, int B, int U, float *loss_out, float *dz);     /* Keras 3 JAX/torch: clip, log(c) */
void atlas_softmax_bce_torch(const float *z, const int *y, int B, int U, float *loss_out, float *dz);    /* PyTorch BCELoss(softmax(z), Y): no clip, log >= -100 */
void atlas_softmax_bce(const float *z, const int *y, int B, int U, float *loss_out, float *dz);          /* tf.keras >= 2.4, Keras 3 TF: sigmoid xent on cached z */
/* Dense(K, sigmoid) + categorical_crossentropy, and PyTorch CrossEntropyLoss(sigmoid(z)) */
void atlas_sigmoid_cce(const float *z, const int *y, int B, int U, float *loss_out, float *dz);          /* tf.keras >= 2.4, Keras 3 TF: exactly softmax xent on z */
void atlas_sigmoid_cce_norm(const float *z, const int *y, int B, int U, float *loss_out, float *dz);     /* Keras <= 2.3, Keras 3 JAX/torch: -log clip(p_c / sum p) */
void atlas_ce_sigmoid(const float *z, const int *y, int B, int U, float *loss_out, float *dz);           /* PyTorch CE(sigmoid(z)): floor log(1 + (K-1)/e) */
/* softmax output fed to a from-logits loss: double softmax */
void atlas_ce_softmax(const float *z, const int *y, int B, int U, float *loss_out, float *dz);           /* PyTorch CE(softmax(z)) etc.: floor log(1 + (K-1)/e) */
/* linear output into probability losses */
void atlas_cce_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz);              /* CCE(from_logits=False): z / sum z, clip (all Keras) */
void atlas_scce_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz);             /* SCCE(from_logits=False), tf.keras / Keras 3 TF: clip, log */
/* PyTorch NLLLoss without log_softmax */
void atlas_nll_raw(const float *z, const int *y, int B, int U, float *loss_out, float *dz);              /* on raw logits: -z_y, unbounded below */
void atlas_nll_softmax(const float *z, const int *y, int B, int U, float *loss_out, float *dz);          /* on softmax outputs: -s_y in [-1, 0] */

/* ---- what the head outputs (what predict() returns and 'accuracy' thresholds) ------------- */

typedef enum { ATLAS_OUT_SIGMOID, ATLAS_OUT_SOFTMAX, ATLAS_OUT_LINEAR } AtlasOut;

/* out (B, U) = the activation of z (B, U) in float32 as the frameworks compute it:
 * sigmoid per element; softmax per row as exp(z - max) / sum (so a softmax over ONE unit is
 * exactly 1.0f for every finite z, NaN for +-inf or NaN: exp(z - z) / exp(z - z));
 * linear = z. out may not alias z. */
void loss_atlas_output(AtlasOut act, const float *z, int B, int U, float *out);

/* ---- what PyTorch says: the texts measured with torch (tests/fixtures/parity_atlas.txt) ---- */

/* CrossEntropyLoss / NLLLoss on a one-unit output with integer class targets of shape (N,) */
#define ATLAS_TORCH_MSG_CE1_INT "IndexError: Target 1 is out of bounds."
/* MSELoss with an (N,1) output and an (N,) target; printf arguments: N, N */
#define ATLAS_TORCH_MSG_MSE_BROADCAST \
    "UserWarning: Using a target size (torch.Size([%d])) that is different to the input size " \
    "(torch.Size([%d, 1])). This will likely lead to incorrect results due to broadcasting. " \
    "Please ensure they have the same size."
/* BCELoss with an (N,1) output and an (N,) target; printf arguments: N, N */
#define ATLAS_TORCH_MSG_BCE_SHAPE \
    "ValueError: Using a target size (torch.Size([%d])) that is different to the input size " \
    "(torch.Size([%d, 1])) is deprecated. Please ensure they have the same size."
/* BCEWithLogitsLoss with an (N,1) output and an (N,) target; printf arguments: N, N */
#define ATLAS_TORCH_MSG_BCEL_SHAPE \
    "ValueError: Target size (torch.Size([%d])) must be the same as input size (torch.Size([%d, 1]))"
/* BCELoss on raw (linear) outputs outside [0, 1] */
#define ATLAS_TORCH_MSG_BCE_RANGE "RuntimeError: all elements of input should be between 0 and 1"
/* CrossEntropyLoss on an (N,1) output with integer targets of shape (N,1) */
#define ATLAS_TORCH_MSG_CE1_LONG_N1 \
    "RuntimeError: Expected floating point type for target with class probabilities, got Long"
/* CrossEntropyLoss on an (N,1) output with float targets of shape (N,): torch 2.13 text (torch
 * 1.13 said "RuntimeError: expected scalar type Long but found Float") */
#define ATLAS_TORCH_MSG_CE1_FLOAT_N \
    "RuntimeError: expected target dtype to be Long or Byte, but got Float"

#endif
