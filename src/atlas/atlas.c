/* atlas — THE atlas table and its printers. See atlas.h. Owns nothing.
 * Sources and provenance per cell; the outcome words are defined in ATLAS_TSV_HEAD (printed by
 * `losslab atlas --tsv`) and in docs/atlas.md. */
#include "atlas/atlas.h"

#include "base/suggest.h"

#include <ctype.h>
#include <string.h>

static const AtlasColumn COLUMNS[ATLAS_COLS] = {
    [COL_TFK21] = { "tfk21", "keras2 tf.keras-2.1", "tf.keras <= 2.1 and multi-backend Keras <= 2.3", "tfk21" },
    [COL_TFK23] = { "tfk23", "tf.keras-2.3", "tf.keras 2.2-2.3", "tfk23" },
    [COL_TFK215] = { "tfk215", "tf-keras tf.keras tf.keras-2.15", "tf.keras 2.4-2.15, tf-keras 2.16-2.21, Keras 2.4",
                     "tfk215" },
    [COL_K3TF] = { "k3tf", "keras3-tf keras3 keras-tf", "Keras 3 on TensorFlow", "k3tf" },
    [COL_K3JAX] = { "k3jax", "keras3-jax keras3-torch jax keras-jax keras-torch", "Keras 3 on JAX or PyTorch", "k3jax" },
    [COL_TORCH] = { "torch", "pytorch", "PyTorch (measured 1.13 and 2.13)", "torch" },
    [COL_TFJS] = { "tfjs", "tensorflow.js tf.js tensorflowjs", "TensorFlow.js (4.22)", "tfjs" },
};

static const struct { const char *word, *cell; } OUTCOMES[OUT_COUNT] = {
    [OUT_LEARNS] = { "learns", "learns" },          [OUT_COLLAPSES0] = { "collapses-0", "coll-0" },
    [OUT_COLLAPSES1] = { "collapses-1", "coll-1" }, [OUT_COLLAPSES] = { "collapses", "collapses" },
    [OUT_FROZEN] = { "frozen", "frozen" },          [OUT_HIDDEN_LOGIT] = { "hidden-logit", "hidden" },
    [OUT_FLOOR] = { "floor", "floor" },             [OUT_INFLATED] = { "inflated", "inflated" },
    [OUT_DIVERGES] = { "diverges", "diverges" },    [OUT_PARTIAL] = { "partial", "partial" },
    [OUT_ERRATIC] = { "erratic", "erratic" },       [OUT_SLOW] = { "slow", "slow" },
    [OUT_REFUSES] = { "refuses", "RAISES" },        [OUT_WARNS_FIXES] = { "warns-fixes", "warn-fix" },
    [OUT_NA] = { "n/a", "." },
};

static const char *const PROV_WORDS[] = { "source", "measured", "inferred" };

/* The header of the TSV form: what each field and word means. */
static const char *const ATLAS_TSV_HEAD[] = {
    "# losslab atlas: what each framework and version does with one output layer + loss + label format.\n"
    "# Human-readable form and the meaning of every word: docs/atlas.md; the set-ups: docs/semantics.md.\n"
    "# Data lines: one per (configuration, framework column) cell, 8 fields separated by one TAB:\n"
    "#   1 config_id     short stable id of the configuration\n"
    "#   2 config_title  output layer + loss + label format\n"
    "#   3 column_id     framework column (see the '#column' lines)\n"
    "#   4 outcome       learns | collapses-0 | collapses-1 | collapses | frozen | hidden-logit | floor | inflated |\n"
    "#                   diverges | partial | erratic | slow | refuses | warns-fixes | n/a\n"
    "#   5 setup_id      the losslab set-up that shows the cell live, or '-' (always '-' for refuses)\n"
    "#   6 note          refuses: the exact message the framework prints, then optionally ' -- ' and a note;\n"
    "#                   otherwise what happens, with numbers. In messages, N stands for the number of rows.\n"
    "#   7 provenance    source (read in the framework's source; numbers may come from re-running that formula\n"
    "#                   in PyTorch float32) | measured (the framework was run) | inferred (neither)\n"
    "#   8 reference     file@tag Lnn, commits, issue threads, tool versions; '-' if none\n"
    "# Outcome words: learns = trains to a useful classifier; collapses-0/-1 = every prediction becomes that class;\n"
    "#   collapses = every prediction one class, which one is arbitrary; frozen = gradient exactly 0, weights never\n"
    "#   move; hidden-logit = the loss trains a cached logit while the output never moves; floor = the loss cannot\n"
    "#   fall below a fixed value; inflated = the displayed accuracy is above the true one; diverges = the loss runs\n"
    "#   off without bound; partial = learns part of the way, then stalls; erratic = loss oscillates, accuracy near\n"
    "#   or below chance; slow = learns, slower than the reference; refuses = raises before or during the first\n"
    "#   step; warns-fixes = warns, then silently computes the correct loss; n/a = not applicable or not researched.\n"
};

/* ---- the table: configurations, then one cell per (configuration, column) ------------------- */

static const AtlasConfig CONFIGS[] = {
    { "sigmoid1+bce", "Dense(1, sigmoid) + binary_crossentropy, labels 0/1 of shape (N,1)" },
    { "sigmoid1+cce", "Dense(1, sigmoid) + categorical_crossentropy, labels 0/1 of shape (N,1)" },
    { "softmax2+cce", "Dense(2, softmax) + categorical_crossentropy, one-hot labels (N,2) (the fix)" },
    { "softmax1+bce", "Dense(1, softmax) + binary_crossentropy, labels 0/1 of shape (N,1)" },
    { "softmax1+cce", "Dense(1, softmax) + categorical_crossentropy, labels 0/1 of shape (N,1)" },
    { "sigmoid1+bce-logits", "Dense(1, sigmoid) + binary_crossentropy(from_logits=True), labels 0/1" },
    { "linear1+bce", "Dense(1) linear + binary_crossentropy(from_logits=False), labels 0/1" },
    { "sigmoid1+scce", "Dense(1, sigmoid or linear) + sparse_categorical_crossentropy, integer labels 0/1" },
    { "sigmoid1+mse", "Dense(1, sigmoid) + mean_squared_error, labels 0/1 of shape (N,1)" },
    { "sigmoid1+mse-flat", "Dense(1, sigmoid) output (N,1) + mean_squared_error, labels of shape (N,)" },
    { "sigmoid1+bce-flat", "Dense(1, sigmoid) output (N,1) + binary_crossentropy, labels of shape (N,)" },
    { "sigmoid1+hinge", "Dense(1, sigmoid) + hinge, labels 0/1" },
    { "sigmoid1+sqhinge", "Dense(1, sigmoid) + squared_hinge, labels 0/1" },
    { "linear1+ce-flat", "Dense(1) logits squeezed to (N,) + CrossEntropyLoss, float labels (N,)" },
    { "softmaxK+cce", "Dense(K, softmax) + categorical_crossentropy, one-hot labels (N,K)" },
    { "softmaxK+bce", "Dense(K, softmax) + binary_crossentropy, one-hot labels (N,K)" },
    { "sigmoidK+cce", "Dense(K, sigmoid) + categorical_crossentropy, one-hot labels (N,K)" },
    { "softmaxK+scce-onehot", "Dense(K, softmax) + sparse_categorical_crossentropy, one-hot labels (N,K)" },
    { "softmaxK+cce-int", "Dense(K, softmax) + categorical_crossentropy, integer labels (N,) or (N,1)" },
    { "linearK+cce", "Dense(K) linear + categorical_crossentropy(from_logits=False), one-hot labels" },
    { "linearK+scce", "Dense(K) linear + sparse_categorical_crossentropy(from_logits=False), integer labels" },
    { "softmaxK+cce-logits", "Dense(K, softmax) + categorical_crossentropy(from_logits=True) or PyTorch CrossEntropyLoss on"
          " the softmax, class labels" },
    { "linearK+nll", "Dense(K) linear + NLLLoss without log_softmax, integer labels" },
    { "softmaxK+nll", "Dense(K, softmax) + NLLLoss without log, integer labels" },
};

static const AtlasCell CELLS[] = {
    { "sigmoid1+bce", COL_TFK21, OUT_LEARNS, "bce",
      "probability path: p clipped to [1e-7, 1-1e-7] (Keras <= 2.2 through the logit detour); the"
          " value of bce until p saturates past the clip, where that sample's gradient becomes 0",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 L3357-3376 (binary_crossentropy)" },
    { "sigmoid1+bce", COL_TFK23, OUT_LEARNS, "bce",
      "no cache: clip then log(p + 1e-7); the value of bce until p saturates",
      PROV_SOURCE,
      "TF keras/backend.py pre-cache copy (binary_crossentropy: clip_by_value, log(output + epsilon));"
          " cache absence inferred" },
    { "sigmoid1+bce", COL_TFK215, OUT_LEARNS, "bce",
      "the sigmoid caches z and BCE runs sigmoid_cross_entropy_with_logits(z): exactly bce",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5490-5525, L5802-5832; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "sigmoid1+bce", COL_K3TF, OUT_LEARNS, "bce",
      "cached logit, as tf.keras 2.4-2.15",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1262-1295, L1444-1491; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "sigmoid1+bce", COL_K3JAX, OUT_LEARNS, "bce",
      "probability path: clip, plain log; the value of bce until p saturates",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L1017-1034; keras/src/backend/torch/nn.py@v3.15.1 L924-958; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "sigmoid1+bce", COL_TORCH, OUT_LEARNS, "bce",
      "BCEWithLogitsLoss(z): loss 0.0766, accuracy 0.9895 in the research run; BCELoss(sigmoid(z))"
          " clamps each log at -100",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/Loss.cpp; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "sigmoid1+bce", COL_TFJS, OUT_LEARNS, "bce",
      "loss 0.0863, acc 0.9870 in the research run",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "sigmoid1+cce", COL_TFK21, OUT_REFUSES, NULL,
      "ValueError: You are passing a target array of shape (N, 1) while using as loss"
          " `categorical_crossentropy`. `categorical_crossentropy` expects targets to be binary matrices"
          " (1s and 0s) of shape (samples, classes). If your targets are integer classes, you can convert"
          " them to the expected format via: [to_categorical snippet] -- raised by fit, train_on_batch and"
          " fit_generator in Keras 1.0-2.3.x; tf.keras <= 2.1 likely the same (not traced)",
      PROV_SOURCE,
      "keras/engine/training_utils.py@2.2.4 L269-286 (check_loss_and_target_compatibility), called"
          " from training.py L805-809; DeepLearningSandbox#3" },
    { "sigmoid1+cce", COL_TFK23, OUT_FROZEN, "cce1-frozen",
      "no cache: p/p = 1 clipped to 1-1e-7, loss y*1.1920929e-07, gradient exactly 0; accuracy"
          " constant, set by the initial weights",
      PROV_INFERRED,
      "TF 2.2 RELEASE.md (new fit, no _standardize_user_data check); cache first seen in TF 2.4.1"
          " (tensorflow/tensorflow#51574)" },
    { "sigmoid1+cce", COL_TFK215, OUT_COLLAPSES0, "cce1",
      "loss exactly 0 (loss: 0.0000e+00); fused kernel gradient (1-y)/B on the cached logit; every"
          " prediction class 0, accuracy = share of zeros (26% in the question); SyntaxWarning: In loss"
          " categorical_crossentropy, expected y_pred.shape to be (batch_size, num_classes) with"
          " num_classes > 1. Received: y_pred.shape=(None, 1). Consider using 'binary_crossentropy' if you"
          " only have 2 classes. (keras >= 2.12)",
      PROV_MEASURED,
      "tensorflow/core/kernels/xent_op.h@d63d0a1e; tensorflow/python/ops/nn_grad.py@b0f6a5d4;"
          " keras/backend.py@v2.15.0 L5490-5522; keras/losses.py@v2.15.0 L2201-2209; Cross Validated 565956; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "sigmoid1+cce", COL_K3TF, OUT_COLLAPSES0, "cce1",
      "as tf.keras 2.4-2.15, with the SyntaxWarning",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1262-1380; keras/src/losses/losses.py@v3.15.1"
          " L2187-2199; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "sigmoid1+cce", COL_K3JAX, OUT_FROZEN, "cce1-frozen",
      "normalise then clip: loss y*1.1920929e-07, gradient exactly 0; SyntaxWarning",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L963-986; keras/src/backend/torch/nn.py@v3.15.1 L849-872; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "sigmoid1+cce", COL_TORCH, OUT_FROZEN, "ce1-float",
      "CrossEntropyLoss(out (N,1), float targets (N,1)) (probability targets, >= 1.10): loss -0.0,"
          " gradient 0 (log_softmax of one column is 0); cce1-frozen shows the same freeze with Keras's"
          " y*1.19e-7",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/LossNLL.cpp"
          " cross_entropy_loss_prob_target (index copy)" },
    { "sigmoid1+cce", COL_TFJS, OUT_REFUSES, NULL,
      "You are passing a target array of shape N,1 while using a loss 'categorical_crossentropy'."
          " 'categorical_crossentropy'expects targets to be binary matrices (1s and 0s) of shape [samples,"
          " classes]. -- fit and trainOnBatch (the missing space is in the source); fitDataset skips the"
          " check and trains frozen: loss 8.821488e-08 every epoch, weights unchanged, acc 0.51"
          " (cce1-frozen)",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-layers/src/engine/training.ts L230-252 @0fc04d95; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "softmax2+cce", COL_TFK21, OUT_LEARNS, "cce2",
      "'accuracy' is categorical (the loss is CCE, two outputs); normalise, clip, log = cce2 unless a"
          " probability saturates",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 (categorical_crossentropy);"
          " keras/engine/training.py@2.2.4 L375-395" },
    { "softmax2+cce", COL_TFK23, OUT_LEARNS, "cce2",
      "normalise, clip, log; categorical accuracy",
      PROV_SOURCE,
      "TF keras/backend.py pre-cache copy" },
    { "softmax2+cce", COL_TFK215, OUT_LEARNS, "cce2",
      "fused softmax cross-entropy on the cached logits",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5528-5592; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmax2+cce", COL_K3TF, OUT_LEARNS, "cce2",
      "fused softmax cross-entropy on the cached logits",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1298-1380; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmax2+cce", COL_K3JAX, OUT_LEARNS, "cce2",
      "normalise, clip, log",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L963-986; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmax2+cce", COL_TORCH, OUT_LEARNS, "cce2",
      "CrossEntropyLoss on the two logits with class indices (losslab's parity fixture compares cce2"
          " with F.cross_entropy)",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); tools/parity.py; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmax2+cce", COL_TFJS, OUT_LEARNS, "cce2",
      "categoricalCrossentropy normalises and clips (not run)",
      PROV_MEASURED,
      "tfjs-layers/src/losses.ts L110-125; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "softmax1+bce", COL_TFK21, OUT_FROZEN, "softmax1-bce-frozen",
      "the output 1.0 is clipped to 1-1e-7: loss 15.942385 (y=0) / 1.19e-7 (y=1), gradient 0, every"
          " prediction class 1, accuracy = share of ones; Keras <= 2.2 via the logit detour; Keras 2.3.x"
          " follows the installed tf.keras; tf.keras <= 2.1 inferred with the +eps form (15.333239 / -0.0)",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 L3357-3376; keras/backend/tensorflow_backend.py@2.3.1"
          " L3412ff" },
    { "softmax1+bce", COL_TFK23, OUT_FROZEN, "softmax1-bce-frozen",
      "no cache, clip then log(p + 1e-7): loss 15.333239 (y=0) / -0.0 (y=1), gradient 0, every"
          " prediction class 1 (the set-up's values are Keras 3's 15.942385 / 1.19e-7)",
      PROV_INFERRED,
      "tensorflow/tensorflow#32869 (the op-type fallback never sees a Keras layer's activation)" },
    { "softmax1+bce", COL_TFK215, OUT_HIDDEN_LOGIT, "softmax1-bce",
      "BCE uses the cached pre-softmax z: the loss softplus(z) - y*z falls like a healthy model's"
          " (0.0766) while every output is 1.0; accuracy = share of ones (0.7385), constant; thresholding"
          " sigmoid(z) would score 0.9895",
      PROV_MEASURED,
      "keras/activations.py@v2.6.0 L40-92; keras/backend.py@v2.15.0 L5490-5525, L5802-5832 (outcome"
          " emulated); head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmax1+bce", COL_K3TF, OUT_HIDDEN_LOGIT, "softmax1-bce",
      "as tf.keras 2.4-2.15; Keras >= 3.1.0 warns at build: You are using a softmax over axis -1 of a"
          " tensor of shape (None, 1). This axis has size 1. The softmax operation will always return the"
          " value 1, which is likely not what you intended. Did you mean to use a sigmoid instead?",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L162-172, L1444-1491; keras/src/ops/nn.py@v3.15.1"
          " L955-965 (commit bd514cab); head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmax1+bce", COL_K3JAX, OUT_FROZEN, "softmax1-bce-frozen",
      "clip: loss 15.942385 (y=0) / 1.1920929e-07 (y=1), gradient 0, every prediction class 1; mean"
          " about 4.145 at 74% ones; size-1 softmax warning from 3.1",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L1017-1034; keras/src/backend/torch/nn.py@v3.15.1 L924-958"
          " (outcome emulated: loss 4.1991 every epoch, accuracy 0.7385); head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmax1+bce", COL_TORCH, OUT_FROZEN, "softmax1-bce-torch",
      "BCELoss(softmax(z)): log(0) clamped at -100, loss 100*(1-y), gradient 0 (training loss 26.34,"
          " accuracy 0.7385); BCEWithLogitsLoss(softmax(z)): loss 1.3132617 - y, gradient 0",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/Loss.cpp @008af87c; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmax1+bce", COL_TFJS, OUT_FROZEN, "softmax1-bce-frozen",
      "clip, logit 15.942385, sigmoid cross-entropy: loss 15.942385 / 1.1920933e-07, gradient 0;"
          " training loss 4.3762 every epoch, acc 0.7255 = share of ones",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-layers/src/losses.ts L193-200 @0fc04d95; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "softmax1+cce", COL_TFK21, OUT_REFUSES, NULL,
      "ValueError: You are passing a target array of shape (N, 1) while using as loss"
          " `categorical_crossentropy`. `categorical_crossentropy` expects targets to be binary matrices"
          " (1s and 0s) of shape (samples, classes). If your targets are integer classes, you can convert"
          " them to the expected format via: [to_categorical snippet] -- the check reads the target's"
          " shape, not the activation",
      PROV_SOURCE,
      "keras/engine/training_utils.py@2.2.4 L269-286" },
    { "softmax1+cce", COL_TFK23, OUT_NA, NULL,
      "not determined: no cache; whether the Softmax op-type fallback fired behind Keras's Identity op"
          " is unknown (tensorflow/tensorflow#32869); if it did not, frozen as in Keras 3 on JAX",
      PROV_INFERRED,
      "tensorflow/tensorflow#32869" },
    { "softmax1+cce", COL_TFK215, OUT_HIDDEN_LOGIT, "softmax1-cce",
      "loss exactly 0; the fused kernel's gradient (1-y)/B drives the cached z to -inf (mean z -64.7"
          " after 1260 steps) while the output stays 1.0: every prediction class 1, accuracy = share of"
          " ones (74%, where cce1 shows 26%); SyntaxWarning from keras 2.12",
      PROV_MEASURED,
      "tensorflow/core/kernels/xent_op.h@d63d0a1e; keras/backend.py@v2.15.0 L5490-5522 (outcome"
          " emulated); Cross Validated 481881; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmax1+cce", COL_K3TF, OUT_HIDDEN_LOGIT, "softmax1-cce",
      "as tf.keras 2.4-2.15, with the SyntaxWarning and (>= 3.1) the size-1 softmax warning",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1298-1380; keras/src/losses/losses.py@v3.15.1"
          " L2190-2198; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmax1+cce", COL_K3JAX, OUT_FROZEN, "softmax1-bce-frozen",
      "normalise then clip: loss y*1.1920929e-07, gradient 0, output 1.0: every prediction class 1"
          " (softmax1-bce-frozen shows the same freeze; its loss reads 15.94 for y=0)",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L963-986 (test vector emulated and measured in torch: mean"
          " 5.9604645e-08); head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmax1+cce", COL_TORCH, OUT_FROZEN, "softmax1-bce-frozen",
      "CrossEntropyLoss(softmax(z), float targets (N,1)): loss -0.0, gradient 0, output 1.0, accuracy"
          " 0.7385; with long targets (N,): IndexError: Target 1 is out of bounds.",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmax1+cce", COL_TFJS, OUT_REFUSES, NULL,
      "You are passing a target array of shape N,1 while using a loss 'categorical_crossentropy'."
          " 'categorical_crossentropy'expects targets to be binary matrices (1s and 0s) of shape [samples,"
          " classes]. -- fit and trainOnBatch",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-layers/src/engine/training.ts L230-252 @0fc04d95; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "sigmoid1+bce-logits", COL_TFK21, OUT_FLOOR, "bce-double",
      "Keras <= 2.2 cannot express it (its binary_crossentropy has no from_logits); Keras 2.3 and"
          " tf.keras <= 2.1 have no cache, so sigmoid cross-entropy runs on the sigmoid output: floors"
          " 0.6931 (y=0) / 0.3133 (y=1)",
      PROV_INFERRED,
      "keras/losses.py@2.2.4 L76-77" },
    { "sigmoid1+bce-logits", COL_TFK23, OUT_FLOOR, "bce-double",
      "no cache and the op-type fallback does not see through Keras's Identity op: double sigmoid,"
          " floors 0.6931 / 0.3133",
      PROV_INFERRED,
      "tensorflow/tensorflow#32869" },
    { "sigmoid1+bce-logits", COL_TFK215, OUT_WARNS_FIXES, "bce",
      "UserWarning \"`binary_crossentropy` received `from_logits=True`, but the `output` argument was"
          " produced by a Sigmoid activation and thus does not represent logits. Was this intended? --"
          " then the cached logit is used and the loss is exactly bce's (v2.6-2.9 wording: 'a sigmoid or"
          " softmax activation', with both quotes); run_eagerly=True or predict() outputs lose the cache"
          " (inferred)",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5513-5520; keras/backend.py@v2.6.0 L4990-4997; lovedlim/tensorflow#2"
          " (outcome emulated: 0.9895); head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "sigmoid1+bce-logits", COL_K3TF, OUT_WARNS_FIXES, "bce",
      "UserWarning \"`binary_crossentropy` received `from_logits=True`, but the `output` argument was"
          " produced by a Sigmoid activation and thus does not represent logits. Was this intended? --"
          " then exactly bce",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1287-1294; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "sigmoid1+bce-logits", COL_K3JAX, OUT_FLOOR, "bce-double",
      "no warning: loss softplus(x) - y*x on x = sigmoid(z); floors 0.6931 (y=0) / 0.3133 (y=1); still"
          " learns the ranking",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L1026-1029; keras/src/backend/torch/nn.py@v3.15.1 L948-950; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "sigmoid1+bce-logits", COL_TORCH, OUT_FLOOR, "bce-double",
      "BCEWithLogitsLoss(torch.sigmoid(z)): test mean 0.66885042; training loss 0.4356, accuracy"
          " 0.9845 on sigmoid(z) (0.7400 if the sigmoid is applied again at inference)",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/Loss.cpp @008af87c; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "sigmoid1+bce-logits", COL_TFJS, OUT_FLOOR, "bce-double",
      "tf.losses.sigmoidCrossEntropy on a sigmoid output: test mean 0.6688504815; training loss"
          " 0.4420, acc 0.9765",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "linear1+bce", COL_TFK21, OUT_PARTIAL, "bce-raw",
      "gradient only for 0 < z < 1; accuracy thresholds the raw z at 0.5; Keras <= 2.2 uses the"
          " plain-log values (16.118095 / 15.942385) through the logit detour; Keras 2.3 and tf.keras <="
          " 2.1 the +eps form (15.424949 / 15.333239)",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 L3357-3376" },
    { "linear1+bce", COL_TFK23, OUT_PARTIAL, "bce-raw",
      "clip then log(p + 1e-7), as the set-up: wrong side 15.424949 (y=1) / 15.333239 (y=0), right"
          " side -0.0; gradient only inside (0, 1)",
      PROV_SOURCE,
      "TF keras/backend.py pre-cache copy (binary_crossentropy)" },
    { "linear1+bce", COL_TFK215, OUT_PARTIAL, "bce-raw",
      "no cache, no warning: after 20 epochs loss 0.2735, accuracy (z > 0.5) 0.9020",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5826-5832 (outcome emulated); head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "linear1+bce", COL_K3TF, OUT_PARTIAL, "bce-raw-plain",
      "plain-log variant: wrong side 16.118095 / 15.942385, right side 1.1920929e-07; accuracy 0.8855",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1484-1491 (outcome emulated); head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "linear1+bce", COL_K3JAX, OUT_PARTIAL, "bce-raw-plain",
      "plain-log variant; the PyTorch backend clips before binary_cross_entropy, so it never raises",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L1030-1034; keras/src/backend/torch/nn.py@v3.15.1 L951-957; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "linear1+bce", COL_TORCH, OUT_REFUSES, NULL,
      "RuntimeError: all elements of input should be between 0 and 1 -- BCELoss on the raw z, on the"
          " first batch with a value outside [0, 1] (a fresh head has about half its outputs negative);"
          " CUDA: device-side assert",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/Loss.cpp @008af87c"
          " binary_cross_entropy_out_cpu; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "linear1+bce", COL_TFJS, OUT_PARTIAL, "bce-raw-plain",
      "plain-log values through the logit detour: test mean 4.202810764; training acc 0.365 -> 0.885",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-layers/src/losses.ts L193-200; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "sigmoid1+scce", COL_TFK21, OUT_REFUSES, NULL,
      "InvalidArgumentError: Received a label value of 1 which is outside the valid range of [0, 1). "
          " Label values: 0 1 1 0 1 ... -- on CPU, at the first batch holding a 1 (Keras 2.2.4 read; Keras"
          " 2.0 in Stack Overflow 44151760; tf.keras <= 2.1 inferred)",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 L3301-3355; Stack Overflow 44151760" },
    { "sigmoid1+scce", COL_TFK23, OUT_REFUSES, NULL,
      "InvalidArgumentError: Received a label value of 1 which is outside the valid range of [0, 1). "
          " Label values: 0 1 1 0 1 ... -- the kernel's CPU check does not depend on the Keras version",
      PROV_INFERRED,
      "tensorflow/core/kernels/sparse_xent_op.cc@0c185b92 (CheckInvalidLabelIndex)" },
    { "sigmoid1+scce", COL_TFK215, OUT_REFUSES, NULL,
      "InvalidArgumentError: Received a label value of 1 which is outside the valid range of [0, 1). "
          " Label values: 0 1 1 0 1 ... -- CPU only (two spaces after the full stop; the whole batch's"
          " labels follow); on GPU/XLA there is no error: loss nan, weights NaN, every prediction class 0"
          " (inferred)",
      PROV_MEASURED,
      "tensorflow/core/kernels/sparse_xent_op.cc@0c185b92; sparse_xent_op.h@0c45f4f0;"
          " keras/backend.py@v2.15.0 L5727-5781; tensorflow/tensorflow#17777; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "sigmoid1+scce", COL_K3TF, OUT_REFUSES, NULL,
      "InvalidArgumentError: Received a label value of 1 which is outside the valid range of [0, 1). "
          " Label values: 0 1 1 0 1 ... -- CPU; Keras 3 appends [[{{node"
          " compile_loss/sparse_categorical_crossentropy/SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxC"
          "rossEntropyWithLogits}}]]; on a GPU machine jit_compile='auto' uses XLA: NaN instead",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1402-1440; keras/src/trainers/trainer.py@v3.15.1"
          " L256-275; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "sigmoid1+scce", COL_K3JAX, OUT_FROZEN, "cce1-frozen",
      "JAX: one_hot with one class maps label 1 to [0] and 0 to [1]: loss (1-y)*1.1920929e-07,"
          " gradient 0, frozen at init (cce1-frozen shows the freeze with y*1.19e-7). The PyTorch backend"
          " refuses instead: RuntimeError: Class values must be smaller than num_classes. (3.0-3.13) /"
          " IndexError: Target 1 is out of bounds. (3.14+)",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L989-1014; keras/src/backend/torch/nn.py@v3.13.0 L838;"
          " commit d76416f7 (first in 3.14.0); head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "sigmoid1+scce", COL_TORCH, OUT_REFUSES, NULL,
      "IndexError: Target 1 is out of bounds. -- CrossEntropyLoss(out (N,1), long targets (N,)); a"
          " batch of only zeros passes with loss 0; long (N,1) targets: RuntimeError: Expected floating"
          " point type for target with class probabilities, got Long; float (N,) targets: RuntimeError:"
          " expected target dtype to be Long or Byte, but got Float (torch 2.13; 1.13 said: expected scalar"
          " type Long but found Float)",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/LossNLL.cpp@87dd4af9"
          " nll_loss_out_frame; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "sigmoid1+scce", COL_TFJS, OUT_REFUSES, NULL,
      "Error in oneHot: depth must be >=2, but it is 1 -- at fit, for sigmoid and linear heads",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-core/src/ops/one_hot.ts L56 via tfjs-layers/src/losses.ts"
          " L136-147; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "sigmoid1+mse", COL_TFK21, OUT_LEARNS, "mse",
      "(p - y)^2 averaged; the same formula in every Keras version (not cited at a 2.x tag)",
      PROV_INFERRED,
      "keras/losses.py (mean_squared_error)" },
    { "sigmoid1+mse", COL_TFK23, OUT_LEARNS, "mse",
      "(p - y)^2; MSE reads no cache",
      PROV_INFERRED,
      "keras/losses.py (mean_squared_error)" },
    { "sigmoid1+mse", COL_TFK215, OUT_LEARNS, "mse",
      "(p - y)^2; MSE reads no cache, so the gradient goes through the sigmoid",
      PROV_MEASURED,
      "keras/losses.py@v2.15.0 L1680-1706; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "sigmoid1+mse", COL_K3TF, OUT_LEARNS, "mse",
      "(p - y)^2",
      PROV_MEASURED,
      "keras/src/losses/losses.py@v3.15.1 L1763-1800; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "sigmoid1+mse", COL_K3JAX, OUT_LEARNS, "mse",
      "(p - y)^2",
      PROV_MEASURED,
      "keras/src/losses/losses.py@v3.15.1 L1763-1800; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "sigmoid1+mse", COL_TORCH, OUT_LEARNS, "mse",
      "MSELoss with matching shapes: test mean 0.20083247; training loss 0.0242, accuracy 0.9890",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "sigmoid1+mse", COL_TFJS, OUT_LEARNS, "mse",
      "test mean 0.20083247; training loss 0.0270, acc 0.9860",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-layers/src/losses.ts L37-39; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "sigmoid1+mse-flat", COL_TFK21, OUT_LEARNS, "mse",
      "(N,) labels are expanded to (N,1) before the loss: no broadcast",
      PROV_SOURCE,
      "keras/engine/training_utils.py@2.2.4 L27-28 (standardize_single_array)" },
    { "sigmoid1+mse-flat", COL_TFK23, OUT_LEARNS, "mse",
      "(N,) labels expanded to (N,1) (read at v2.15; 2.2-2.3 inferred)",
      PROV_INFERRED,
      "keras/engine/compile_utils.py@v2.15.0 L843-861 (match_dtype_and_rank)" },
    { "sigmoid1+mse-flat", COL_TFK215, OUT_LEARNS, "mse",
      "(N,) labels expanded to (N,1) by match_dtype_and_rank",
      PROV_SOURCE,
      "keras/engine/compile_utils.py@v2.15.0 L843-861" },
    { "sigmoid1+mse-flat", COL_K3TF, OUT_LEARNS, "mse",
      "squeeze_or_expand_to_same_rank expands (N,) to (N,1)",
      PROV_SOURCE,
      "keras/src/losses/loss.py@v3.15.1 L119-137" },
    { "sigmoid1+mse-flat", COL_K3JAX, OUT_LEARNS, "mse",
      "squeeze_or_expand_to_same_rank expands (N,) to (N,1)",
      PROV_SOURCE,
      "keras/src/losses/loss.py@v3.15.1 L119-137" },
    { "sigmoid1+mse-flat", COL_TORCH, OUT_COLLAPSES1, "mse-broadcast",
      "UserWarning: Using a target size (torch.Size([4])) that is different to the input size"
          " (torch.Size([4, 1])). This will likely lead to incorrect results due to broadcasting. Please"
          " ensure they have the same size. -- then it trains on the N x N broadcast: label-blind"
          " gradient, every output pulled to the label mean (0.74): every prediction class 1, accuracy"
          " 0.7385, loss 0.1943 (floor 0.1931)",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); torch/nn/functional.py L3280-3286; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "sigmoid1+mse-flat", COL_TFJS, OUT_LEARNS, "mse",
      "labels made rank 2: evaluate gave 0.20083247 with (4,) and (4,1) labels",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-layers/src/engine/training.ts standardizeInputData" },
    { "sigmoid1+bce-flat", COL_TFK21, OUT_LEARNS, "bce",
      "(N,) labels expanded to (N,1)",
      PROV_SOURCE,
      "keras/engine/training_utils.py@2.2.4 L27-28" },
    { "sigmoid1+bce-flat", COL_TFK23, OUT_LEARNS, "bce",
      "(N,) labels expanded to (N,1) (read at v2.15; 2.2-2.3 inferred)",
      PROV_INFERRED,
      "keras/engine/compile_utils.py@v2.15.0 L843-861" },
    { "sigmoid1+bce-flat", COL_TFK215, OUT_LEARNS, "bce",
      "(N,) labels expanded to (N,1)",
      PROV_SOURCE,
      "keras/engine/compile_utils.py@v2.15.0 L843-861" },
    { "sigmoid1+bce-flat", COL_K3TF, OUT_LEARNS, "bce",
      "(N,) labels expanded to (N,1)",
      PROV_SOURCE,
      "keras/src/losses/loss.py@v3.15.1 L119-137" },
    { "sigmoid1+bce-flat", COL_K3JAX, OUT_LEARNS, "bce",
      "(N,) labels expanded to (N,1)",
      PROV_SOURCE,
      "keras/src/losses/loss.py@v3.15.1 L119-137" },
    { "sigmoid1+bce-flat", COL_TORCH, OUT_REFUSES, NULL,
      "ValueError: Using a target size (torch.Size([4])) that is different to the input size"
          " (torch.Size([4, 1])) is deprecated. Please ensure they have the same size. -- BCELoss;"
          " BCEWithLogitsLoss: ValueError: Target size (torch.Size([4])) must be the same as input size"
          " (torch.Size([4, 1])); older PyTorch (0.3 to about 2019) only warned",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); torch/nn/functional.py L3084-3089, L3159-3160;"
          " pytorch/pytorch#25663; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "sigmoid1+bce-flat", COL_TFJS, OUT_LEARNS, "bce",
      "labels made rank 2: evaluate gave 0.55050248 with (4,) and (4,1) labels",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend" },
    { "sigmoid1+hinge", COL_TFK21, OUT_COLLAPSES1, "hinge-raw",
      "Keras <= 2.2.5: no label conversion, y=0 rows cost 1 with zero gradient, so every prediction"
          " becomes class 1; Keras 2.3.x converts 0/1 to -1/+1 (hinge: on the seed-like data also every"
          " prediction class 1, measured in later versions); tf.keras <= 2.1 not traced",
      PROV_SOURCE,
      "keras/losses.py@2.2.4 L34-39; keras commit 73106d57 (2019-08-30, first in 2.3.0)" },
    { "sigmoid1+hinge", COL_TFK23, OUT_COLLAPSES1, "hinge",
      "conversion read from TF 2.5-dev (4fd825dd) on; 2.2-2.3 not traced; where it converts, the"
          " outcome is as in 2.4-2.15: every prediction class 1 on the seed-like data",
      PROV_INFERRED,
      "keras-team/keras@4fd825dd keras/losses.py" },
    { "sigmoid1+hinge", COL_TFK215, OUT_COLLAPSES1, "hinge",
      "labels converted to -1/+1 (kernel measured: 0.8708311 on the test vector); on the seed-like"
          " data (74% ones) every prediction becomes class 1, accuracy 0.75, loss 0.5222 = 2 x share of"
          " zeros, on seeds 1-3 and after 20 epochs: the gradient +-p(1-p) lets the majority win the first"
          " steps, then vanishes as p saturates. (An MLP emulation on balanced Gaussian data had learned,"
          " 0.9845; with a smaller majority losslab's hinge can escape and learn.)",
      PROV_MEASURED,
      "measured: tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1's tf.keras, tests/fixtures/reference"
          " (tools/reference/RESULTS.md); keras/losses.py@v2.15.0 L1958-1973, L2010-2040" },
    { "sigmoid1+hinge", COL_K3TF, OUT_COLLAPSES1, "hinge",
      "labels converted to -1/+1; every prediction class 1 on the seed-like data, accuracy 0.75, loss"
          " 0.5222",
      PROV_MEASURED,
      "measured: Keras 3.15.1 on TF 2.21.0, tests/fixtures/reference (tools/reference/RESULTS.md);"
          " keras/src/losses/losses.py@v3.15.1 L1616-1716" },
    { "sigmoid1+hinge", COL_K3JAX, OUT_COLLAPSES1, "hinge",
      "labels converted to -1/+1; every prediction class 1 on the seed-like data (JAX and PyTorch"
          " backends alike), accuracy 0.75, loss 0.5222",
      PROV_MEASURED,
      "measured: Keras 3.15.1 on JAX 0.10.2 and torch 2.13.0, tests/fixtures/reference"
          " (tools/reference/RESULTS.md); keras/src/losses/losses.py@v3.15.1 L1616-1716" },
    { "sigmoid1+hinge", COL_TORCH, OUT_COLLAPSES0, NULL,
      "no Keras-style hinge; HingeEmbeddingLoss(sigmoid(z), y in {0,1}) costs 1 for y=0 and p for y=1,"
          " so p is pushed down: every prediction class 0, accuracy 0.2615; SoftMarginLoss instead ends"
          " all class 1 (0.7385)",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/Loss.cpp hinge_embedding_loss" },
    { "sigmoid1+hinge", COL_TFJS, OUT_COLLAPSES1, "hinge-raw",
      "no conversion: acc 0.6560 after epoch 1, then 0.7255 = share of ones; outputs in [0.916, 1.0];"
          " loss 0.2765",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend; tfjs-layers/src/losses.ts L69-81; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "sigmoid1+sqhinge", COL_TFK21, OUT_COLLAPSES1, "hinge-raw",
      "Keras <= 2.2.5: no conversion, y=0 rows dead (loss 1), y=1 loss (1-p)^2; Keras 2.3.x learns",
      PROV_SOURCE,
      "keras/losses.py@2.2.4; keras commit 73106d57" },
    { "sigmoid1+sqhinge", COL_TFK23, OUT_LEARNS, NULL,
      "no live set-up (squared hinge is not hinge: hinge collapses on the seed-like data, measured); "
          "as hinge; 2.2-2.3 not traced",
      PROV_INFERRED,
      "keras-team/keras@4fd825dd keras/losses.py" },
    { "sigmoid1+sqhinge", COL_TFK215, OUT_LEARNS, NULL,
      "no live set-up (squared hinge is not hinge: hinge collapses on the seed-like data, measured); "
          "squared_hinge with -1/+1 conversion: accuracy 0.9475, loss 0.3232 (hinge shows the unsquared"
          " loss)",
      PROV_SOURCE,
      "keras/losses.py@v2.15.0 L1976-2008 (outcome emulated)" },
    { "sigmoid1+sqhinge", COL_K3TF, OUT_LEARNS, NULL,
      "no live set-up (squared hinge is not hinge: hinge collapses on the seed-like data, measured); "
          "as tf.keras",
      PROV_SOURCE,
      "keras/src/losses/losses.py@v3.15.1 L1616-1716" },
    { "sigmoid1+sqhinge", COL_K3JAX, OUT_LEARNS, NULL,
      "no live set-up (squared hinge is not hinge: hinge collapses on the seed-like data, measured); "
          "as tf.keras",
      PROV_SOURCE,
      "keras/src/losses/losses.py@v3.15.1 L1616-1716" },
    { "sigmoid1+sqhinge", COL_TORCH, OUT_NA, NULL,
      "PyTorch has no squared hinge for 0/1 labels",
      PROV_INFERRED,
      "-" },
    { "sigmoid1+sqhinge", COL_TFJS, OUT_COLLAPSES1, "hinge-raw",
      "squaredHinge without conversion: acc 0.7255 = share of ones, loss 0.2750",
      PROV_MEASURED,
      "TF.js 4.22.0 Node cpu backend" },
    { "linear1+ce-flat", COL_TFK21, OUT_NA, NULL,
      "a PyTorch shape trap; Keras expands (N,) labels",
      PROV_INFERRED,
      "-" },
    { "linear1+ce-flat", COL_TFK23, OUT_NA, NULL,
      "a PyTorch shape trap",
      PROV_INFERRED,
      "-" },
    { "linear1+ce-flat", COL_TFK215, OUT_NA, NULL,
      "a PyTorch shape trap",
      PROV_INFERRED,
      "-" },
    { "linear1+ce-flat", COL_K3TF, OUT_NA, NULL,
      "a PyTorch shape trap",
      PROV_INFERRED,
      "-" },
    { "linear1+ce-flat", COL_K3JAX, OUT_NA, NULL,
      "a PyTorch shape trap",
      PROV_INFERRED,
      "-" },
    { "linear1+ce-flat", COL_TORCH, OUT_COLLAPSES, NULL,
      "CrossEntropyLoss(z.squeeze() (N,), float y (N,)) is taken as ONE unbatched sample with N"
          " classes: loss (sum y)*logsumexp(z) - sum y_j z_j, no 1/B; the logit level is unidentifiable;"
          " the research run ended all class 0 (0.2615), but which class is arbitrary; long y (N,):"
          " RuntimeError: Expected floating point type for target with class probabilities, got Long",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch)" },
    { "linear1+ce-flat", COL_TFJS, OUT_NA, NULL,
      "a PyTorch shape trap",
      PROV_INFERRED,
      "-" },
    { "softmaxK+cce", COL_TFK21, OUT_LEARNS, "cce",
      "no cache: normalise (a no-op), clip, log; the value of cce unless the true-class probability"
          " leaves [1e-7, 1-1e-7]",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 (categorical_crossentropy)" },
    { "softmaxK+cce", COL_TFK23, OUT_LEARNS, "cce",
      "no cache: normalise, clip, log",
      PROV_SOURCE,
      "TF keras/backend.py pre-cache copy (categorical_crossentropy)" },
    { "softmaxK+cce", COL_TFK215, OUT_LEARNS, "cce",
      "fused softmax cross-entropy on the cached logits: exactly cce",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5528-5592; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmaxK+cce", COL_K3TF, OUT_LEARNS, "cce",
      "fused softmax cross-entropy on the cached logits",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1298-1380; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmaxK+cce", COL_K3JAX, OUT_LEARNS, "cce",
      "normalise, clip, log",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L963-986; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmaxK+cce", COL_TORCH, OUT_LEARNS, "cce",
      "CrossEntropyLoss(z, class indices) on the logits (or float one-hot targets, >= 1.10): 1.695218"
          " on the K=4 example; test accuracy 0.974",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmaxK+cce", COL_TFJS, OUT_LEARNS, "cce",
      "categoricalCrossentropy normalises and clips (not run for K classes)",
      PROV_MEASURED,
      "tfjs-layers/src/losses.ts L110-125 @0fc04d95; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "softmaxK+bce", COL_TFK21, OUT_INFLATED, "softmax-bce-legacy",
      "'accuracy' becomes binary accuracy over all N*K entries: (K-1)/K for an unsure model (0.75 at"
          " K=4 while the true accuracy is 0.29 at init); it learns underneath (true 0.984, shown 0.989)",
      PROV_SOURCE,
      "keras/engine/training.py@2.2.4 L375-395; keras/engine/training_utils.py@2.3.1 L973-1006; Stack"
          " Overflow 42081257, 41327601 (accuracy measured in a torch emulation)" },
    { "softmaxK+bce", COL_TFK23, OUT_LEARNS, "softmax-bce-legacy",
      "the legacy set-up's loss, but 'accuracy' is categorical (shape rule since TF 2.2): the display"
          " is the true accuracy",
      PROV_SOURCE,
      "tensorflow/python/keras/engine/compile_utils.py (TF 2.2 copy, KabirKwatra/tensorflow@0cfea5c8);"
          " tensorflow/tensorflow#41361, #41114" },
    { "softmaxK+bce", COL_TFK215, OUT_LEARNS, "softmax-bce",
      "sigmoid cross-entropy on the cached pre-softmax logits, gradient (sigmoid(z) - Y)/(B*K);"
          " accuracy true; the loss fit shows (0.1464) is not the loss of the outputs (0.0828)",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5490-5498 (outcome measured in a torch emulation); head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmaxK+bce", COL_K3TF, OUT_LEARNS, "softmax-bce",
      "as tf.keras 2.4-2.15",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1262-1295, L1444-1478; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmaxK+bce", COL_K3JAX, OUT_LEARNS, "softmax-bce-legacy",
      "no cache: BCE on the clipped softmax (0.6604168 on the example, as old Keras) but 'accuracy' is"
          " categorical: the display is the true accuracy",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 (binary_crossentropy);"
          " keras/src/trainers/compile_utils.py@v3.15.1 L40-73; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmaxK+bce", COL_TORCH, OUT_LEARNS, "softmax-bce-legacy",
      "BCELoss(softmax(z), Y): the same value without the clip; its gradient spikes to about 1e4 when"
          " a probability rounds to 1.0 (-10350 at z = [17,0,0,0], c = 3); accuracy is computed by the user",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmaxK+bce", COL_TFJS, OUT_INFLATED, "softmax-bce-legacy",
      "binaryCrossentropy selects binaryAccuracy over all K outputs, as Keras <= 2.3 (not run)",
      PROV_MEASURED,
      "tfjs-layers/src/engine/training.ts L721-748; tfjs-layers/src/losses.ts L193-200; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "sigmoidK+cce", COL_TFK21, OUT_LEARNS, "sigmoid-cce-norm",
      "normalise the sigmoids, clip, log: -log(sigma_c / sum sigma); learns (0.973) while only 24% of"
          " target sigmoids exceed 0.5",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 (categorical_crossentropy) (outcome measured in a"
          " torch emulation)" },
    { "sigmoidK+cce", COL_TFK23, OUT_LEARNS, "sigmoid-cce-norm",
      "normalise, clip, log (the Softmax op-type shortcut does not match a Sigmoid op)",
      PROV_SOURCE,
      "TF keras/backend.py pre-cache copy" },
    { "sigmoidK+cce", COL_TFK215, OUT_LEARNS, "sigmoid-cce",
      "the sigmoid's cached z goes to the fused softmax cross-entropy: exactly cce; only predict()"
          " differs (rows do not sum to 1)",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5528-5592, L5917; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "sigmoidK+cce", COL_K3TF, OUT_LEARNS, "sigmoid-cce",
      "exactly cce through the cache",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L41-45, L1298-1378; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "sigmoidK+cce", COL_K3JAX, OUT_LEARNS, "sigmoid-cce-norm",
      "normalise, clip, log",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L963-986; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "sigmoidK+cce", COL_TORCH, OUT_FLOOR, NULL,
      "CrossEntropyLoss(sigmoid(z), c): a softmax over sigmoids, loss in [log(1+(K-1)/e),"
          " log(1+(K-1)e)] = [0.7437, 2.2143] at K=4; learns (0.965) on the floor (0.891 at epoch 10)",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "sigmoidK+cce", COL_TFJS, OUT_LEARNS, "sigmoid-cce-norm",
      "categoricalCrossentropy normalises without a cache (not run for K classes)",
      PROV_MEASURED,
      "tfjs-layers/src/losses.ts L110-125; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "softmaxK+scce-onehot", COL_TFK21, OUT_REFUSES, NULL,
      "ValueError: Error when checking target: expected dense_1 to have shape (1,) but got array with"
          " shape (4,) -- Keras <= 2.3 (layer name and K vary); tf.keras <= 2.1 skips the target-shape"
          " check and fails in the kernel at run time (text inferred)",
      PROV_SOURCE,
      "keras/engine/training.py@2.2.4 L766-772; keras/engine/training_utils.py@2.2.4"
          " (standardize_input_data)" },
    { "softmaxK+scce-onehot", COL_TFK23, OUT_REFUSES, NULL,
      "InvalidArgumentError: logits and labels must have the same first dimension, got logits shape"
          " [32,4] and labels shape [128] -- first step, graph mode; with run_eagerly=True the Python"
          " check fires first (inferred)",
      PROV_SOURCE,
      "keras/backend.py@v2.15.0 L5695ff; tensorflow/core/kernels/sparse_xent_op.cc@0c185b92" },
    { "softmaxK+scce-onehot", COL_TFK215, OUT_REFUSES, NULL,
      "InvalidArgumentError: logits and labels must have the same first dimension, got logits shape"
          " [32,4] and labels shape [128] -- first step, graph mode",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5695ff; tensorflow/core/kernels/sparse_xent_op.cc@0c185b92;"
          " keras-team/keras#17368; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmaxK+scce-onehot", COL_K3TF, OUT_REFUSES, NULL,
      "ValueError: Argument `output` must have rank (ndim) `target.ndim - 1`. Received:"
          " target.shape=(None, 4), output.shape=(None, 4)",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1381-1442; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmaxK+scce-onehot", COL_K3JAX, OUT_REFUSES, NULL,
      "ValueError: Arguments `target` and `output` must have the same shape up until the last"
          " dimension: target.shape=(32, 4), output.shape=(32, 4) -- the PyTorch backend prints the same"
          " sentence with torch.Size([32, 4])",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 (sparse_categorical_crossentropy); head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmaxK+scce-onehot", COL_TORCH, OUT_REFUSES, NULL,
      "RuntimeError: Expected floating point type for target with class probabilities, got Long --"
          " CrossEntropyLoss(z, one-hot int64); NLLLoss(log_softmax(z), one-hot): RuntimeError: 0D or 1D"
          " target tensor expected, multi-target not supported; a float one-hot target is accepted (>="
          " 1.10) and equals cce",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); aten/src/ATen/native/LossNLL.cpp@0321fa77; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmaxK+scce-onehot", COL_TFJS, OUT_NA, NULL,
      "not covered by the research",
      PROV_INFERRED,
      "-" },
    { "softmaxK+cce-int", COL_TFK21, OUT_REFUSES, NULL,
      "ValueError: Error when checking target: expected dense_1 to have shape (4,) but got array with"
          " shape (1,) -- Keras <= 2.3, after (N,) labels are expanded to (N,1); tf.keras <= 2.1:"
          " ValueError: You are passing a target array of shape (N, 1) while using as loss"
          " `categorical_crossentropy`. `categorical_crossentropy` expects targets to be binary matrices"
          " (1s and 0s) of shape (samples, classes). If your targets are integer classes, you can convert"
          " them to the expected format via: [to_categorical snippet]",
      PROV_SOURCE,
      "keras/engine/training_utils.py@2.2.4 L27-28 and standardize_input_data;"
          " keras/engine/training_utils_v1.py@v2.15.0 L886-919" },
    { "softmaxK+cce-int", COL_TFK23, OUT_REFUSES, NULL,
      "ValueError: Shapes (None, 1) and (None, 4) are incompatible",
      PROV_SOURCE,
      "keras/engine/compile_utils.py@v2.15.0 (match_dtype_and_rank); keras/backend.py@v2.15.0"
          " categorical_crossentropy (assert_is_compatible_with); tensorflow/tensorflow#52245" },
    { "softmaxK+cce-int", COL_TFK215, OUT_REFUSES, NULL,
      "ValueError: Shapes (None, 1) and (None, 4) are incompatible",
      PROV_MEASURED,
      "keras/engine/compile_utils.py@v2.15.0 (match_dtype_and_rank); TF tensor_shape.py;"
          " tensorflow/tensorflow#52245; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmaxK+cce-int", COL_K3TF, OUT_REFUSES, NULL,
      "ValueError: Arguments `target` and `output` must have the same shape. Received:"
          " target.shape=(None, 1), output.shape=(None, 4) -- labels (N,1); labels (N,): Arguments"
          " `target` and `output` must have the same rank (ndim). Received: target.shape=(None,),"
          " output.shape=(None, 4)",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1298-1330; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmaxK+cce-int", COL_K3JAX, OUT_REFUSES, NULL,
      "ValueError: Arguments `target` and `output` must have the same shape. Received:"
          " target.shape=(32,), output.shape=(32, 4)",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L963-986; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmaxK+cce-int", COL_TORCH, OUT_REFUSES, NULL,
      "RuntimeError: 0D or 1D target tensor expected, multi-target not supported --"
          " CrossEntropyLoss(z, c.view(-1,1)); float (N,) labels: RuntimeError: expected target dtype to"
          " be Long or Byte, but got Float (torch 2.13; 1.13: expected scalar type Long but found Float); BCELoss(softmax(z), c.float()): ValueError: Using a target size"
          " (torch.Size([2])) that is different to the input size (torch.Size([2, 4])) is deprecated."
          " Please ensure they have the same size.",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmaxK+cce-int", COL_TFJS, OUT_REFUSES, NULL,
      "target expected a batch of elements where each example has shape [4] (i.e.,tensor shape [*,4])"
          " but the target received an input with 4 examples, each with shape [1] (tensor shape [4,1]) --"
          " labels (N,1) against a 4-unit output: the target shape check runs before the loss check",
      PROV_MEASURED,
      "measured: TF.js 4.22.0 (cpu), tests/fixtures/reference (tools/reference/RESULTS.md)" },
    { "linearK+cce", COL_TFK21, OUT_ERRATIC, "cce-raw",
      "raw outputs divided by their signed sum, then clipped: gradient 0 for every sample whose ratio"
          " is clipped; the loss oscillates (3-7), true accuracy 0.08-0.62 by seed",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 (categorical_crossentropy) (outcome measured in a"
          " torch emulation)" },
    { "linearK+cce", COL_TFK23, OUT_ERRATIC, "cce-raw",
      "as above; a linear output has no cache and its op is BiasAdd",
      PROV_SOURCE,
      "TF keras/backend.py pre-cache copy" },
    { "linearK+cce", COL_TFK215, OUT_ERRATIC, "cce-raw",
      "no cache, silent",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5587-5592; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "linearK+cce", COL_K3TF, OUT_ERRATIC, "cce-raw",
      "no cache, silent",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1298-1380; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "linearK+cce", COL_K3JAX, OUT_ERRATIC, "cce-raw",
      "normalise, clip, log",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L963-986; head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "linearK+cce", COL_TORCH, OUT_NA, NULL,
      "torch.nn has no cross-entropy that takes probabilities; the raw-logit trap there is NLLLoss"
          " (linearK+nll)",
      PROV_INFERRED,
      "-" },
    { "linearK+cce", COL_TFJS, OUT_ERRATIC, "cce-raw",
      "categoricalCrossentropy normalises by the sum the same way (not run)",
      PROV_MEASURED,
      "tfjs-layers/src/losses.ts L110-125; head measured with TF.js 4.22.0: tests/fixtures/reference" },
    { "linearK+scce", COL_TFK21, OUT_PARTIAL, NULL,
      "Keras 2.2.4: clip the raw outputs, log, sparse softmax: loss -log(clip(z_c)/sum clip(z)),"
          " gradient only for 0 < z < 1; stalls near log K (1.36-1.45 at K=4), true accuracy 0.38-0.59",
      PROV_SOURCE,
      "keras/backend/tensorflow_backend.py@2.2.4 L3301-3355 (outcome measured in a torch emulation)" },
    { "linearK+scce", COL_TFK23, OUT_PARTIAL, NULL,
      "clip, log, sparse softmax, as every tf.keras",
      PROV_SOURCE,
      "keras/backend.py (sparse_categorical_crossentropy)" },
    { "linearK+scce", COL_TFK215, OUT_PARTIAL, NULL,
      "clip, log, sparse softmax; the TF text-classification tutorial bug (about 0.3 accuracy at K=4)",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5732-5733; tensorflow/docs PR #2102; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "linearK+scce", COL_K3TF, OUT_PARTIAL, NULL,
      "clip, log, sparse softmax",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1402-1440; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "linearK+scce", COL_K3JAX, OUT_ERRATIC, "cce-raw",
      "normalise first: the same as linear + categorical_crossentropy (8.083443 on the example), so"
          " Keras 3 on TF and on JAX/PyTorch disagree here",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 L989-1014; keras/src/backend/torch/nn.py@v3.15.1"
          " (sparse_categorical_crossentropy); head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "linearK+scce", COL_TORCH, OUT_NA, NULL,
      "torch.nn has no sparse cross-entropy on probabilities",
      PROV_INFERRED,
      "-" },
    { "linearK+scce", COL_TFJS, OUT_NA, NULL,
      "not covered by the research",
      PROV_INFERRED,
      "-" },
    { "softmaxK+cce-logits", COL_TFK21, OUT_FLOOR, "ce-softmax",
      "no warning; softmax cross-entropy applied to the softmax output: loss >= log(1+(K-1)/e) ="
          " 0.7437 at K=4; Keras <= 2.2 only through K.categorical_crossentropy(..., from_logits=True)",
      PROV_SOURCE,
      "keras/losses.py@2.3.1 L679; keras/backend/tensorflow_backend.py@2.2.4 (categorical_crossentropy"
          " from_logits)" },
    { "softmaxK+cce-logits", COL_TFK23, OUT_FLOOR, "ce-softmax",
      "softmax_cross_entropy_with_logits_v2 on the softmax output, no warning",
      PROV_SOURCE,
      "TF keras/backend.py pre-cache copy (categorical_crossentropy, from_logits branch)" },
    { "softmaxK+cce-logits", COL_TFK215, OUT_WARNS_FIXES, "cce",
      "UserWarning \"`categorical_crossentropy` received `from_logits=True`, but the `output` argument"
          " was produced by a Softmax activation and thus does not represent logits. Was this intended? --"
          " then the cached logits are used: exactly cce (v2.6-2.9 wording: 'a sigmoid or softmax"
          " activation')",
      PROV_MEASURED,
      "keras/backend.py@v2.15.0 L5513-5521; keras/backend.py@v2.9.0 L5128; keras-team/keras#16906;"
          " tf-keras#485; head measured with tf-keras 2.21.0 on TF 2.21.0 and TF 2.15.1: tests/fixtures/reference" },
    { "softmaxK+cce-logits", COL_K3TF, OUT_WARNS_FIXES, "cce",
      "UserWarning \"`categorical_crossentropy` received `from_logits=True`, but the `output` argument"
          " was produced by a Softmax activation and thus does not represent logits. Was this intended? --"
          " then exactly cce",
      PROV_MEASURED,
      "keras/src/backend/tensorflow/nn.py@v3.15.1 L1287-1294; head measured with Keras 3.15.1 on TF 2.21.0: tests/fixtures/reference" },
    { "softmaxK+cce-logits", COL_K3JAX, OUT_FLOOR, "ce-softmax",
      "log_softmax of the softmax output, no warning",
      PROV_MEASURED,
      "keras/src/backend/jax/nn.py@v3.15.1 (categorical_crossentropy from_logits); head measured with Keras 3.15.1 on JAX 0.10.2 (and on torch 2.13.0): tests/fixtures/reference" },
    { "softmaxK+cce-logits", COL_TORCH, OUT_FLOOR, "ce-softmax",
      "CrossEntropyLoss(softmax(z), c): 1.325169 on the example; training loss 0.836 (epoch 10), 0.780"
          " (30) above the 0.7437 floor; test accuracy 0.978; confidently wrong samples get almost no"
          " gradient",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); Stack Overflow 49390842; head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmaxK+cce-logits", COL_TFJS, OUT_FLOOR, "ce-softmax",
      "a custom loss tf.losses.softmaxCrossEntropy on a softmax output: a double softmax; learns"
          " (0.763 after 3 epochs) with the loss above the 0.7437 floor (1.00)",
      PROV_MEASURED,
      "measured: TF.js 4.22.0 (cpu), tests/fixtures/reference (tools/reference/RESULTS.md)" },
    { "linearK+nll", COL_TFK21, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "linearK+nll", COL_TFK23, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "linearK+nll", COL_TFK215, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "linearK+nll", COL_K3TF, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "linearK+nll", COL_K3JAX, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "linearK+nll", COL_TORCH, OUT_DIVERGES, "nll-raw",
      "NLLLoss(z, c) picks -z_c: unbounded below; loss -1.09 (epoch 1), -83.7 (10), -657.7 (30); true"
          " test accuracy 0.42 -> 0.65",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "linearK+nll", COL_TFJS, OUT_NA, NULL,
      "TF.js layers have no NLL loss",
      PROV_INFERRED,
      "-" },
    { "softmaxK+nll", COL_TFK21, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "softmaxK+nll", COL_TFK23, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "softmaxK+nll", COL_TFK215, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "softmaxK+nll", COL_K3TF, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "softmaxK+nll", COL_K3JAX, OUT_NA, NULL,
      "Keras has no NLL loss",
      PROV_INFERRED,
      "-" },
    { "softmaxK+nll", COL_TORCH, OUT_LEARNS, NULL,
      "NLLLoss(softmax(z), c) picks -p_c in [-1, 0]: -0.3454364 on the example; learns (0.974) while"
          " showing a negative loss (-0.890 at epoch 10)",
      PROV_MEASURED,
      "PyTorch 1.13.1 CPU (Debian python3-torch); head measured with PyTorch 2.13.0: tests/fixtures/reference" },
    { "softmaxK+nll", COL_TFJS, OUT_NA, NULL,
      "TF.js layers have no NLL loss",
      PROV_INFERRED,
      "-" },
};

#define NCONFIGS ((int)(sizeof CONFIGS / sizeof CONFIGS[0]))
#define NCELLS ((int)(sizeof CELLS / sizeof CELLS[0]))

const char *atlas_outcome_word(Outcome o) { return (unsigned)o < OUT_COUNT ? OUTCOMES[o].word : "?"; }
const AtlasColumn *atlas_column(int i) { return i >= 0 && i < ATLAS_COLS ? &COLUMNS[i] : NULL; }

const AtlasConfig *atlas_configs(int *n)
{
    *n = NCONFIGS;
    return CONFIGS;
}

const AtlasCell *atlas_cells(int *n)
{
    *n = NCELLS;
    return CELLS;
}

const AtlasCell *atlas_cell(const char *config, AtlasColumnId col)
{
    for (int i = 0; i < NCELLS; i++)
        if (CELLS[i].column == col && !strcmp(CELLS[i].config, config)) return &CELLS[i];
    return NULL;
}

/* ---- lookups ---------------------------------------------------------------------------------- */

static int eq_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

/* lower-cased copy of name, for case-insensitive suggestions */
static void lower(char *out, size_t cap, const char *name)
{
    size_t i = 0;
    for (; name[i] && i + 1 < cap; i++) out[i] = (char)tolower((unsigned char)name[i]);
    out[i] = '\0';
}

int atlas_find_column(const char *name, const char **near)
{
    size_t n = strlen(name);
    const char *ids[ATLAS_COLS];
    char low[80];
    lower(low, sizeof low, name);
    for (int i = 0; i < ATLAS_COLS; i++) {
        if (strlen(COLUMNS[i].id) == n && eq_nocase(COLUMNS[i].id, name, n)) return i;
        for (const char *p = COLUMNS[i].aliases; *p;) {
            const char *q = strchr(p, ' ');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            if (len == n && eq_nocase(p, name, n)) return i;
            p = q ? q + 1 : p + len;
        }
        ids[i] = COLUMNS[i].id;
    }
    *near = str_nearest(low, ids, ATLAS_COLS, 3);
    return -1;
}

const AtlasConfig *atlas_find_config(const char *name, const char **near)
{
    for (int i = 0; i < NCONFIGS; i++)
        if (!strcmp(CONFIGS[i].id, name)) return &CONFIGS[i];
    /* a set-up id: the first configuration that shows it live */
    for (int i = 0; i < NCELLS; i++)
        if (CELLS[i].setup && !strcmp(CELLS[i].setup, name))
            for (int k = 0; k < NCONFIGS; k++)
                if (!strcmp(CONFIGS[k].id, CELLS[i].config)) return &CONFIGS[k];
    const char *ids[NCONFIGS];
    for (int i = 0; i < NCONFIGS; i++) ids[i] = CONFIGS[i].id;
    *near = str_nearest(name, ids, NCONFIGS, 3);
    return NULL;
}

static void join_list(char *out, size_t cap, int n, const char *(*get)(int))
{
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (int i = 0; i < n; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", get(i));
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}
static const char *col_id(int i) { return COLUMNS[i].id; }
static const char *cfg_id(int i) { return CONFIGS[i].id; }
void atlas_column_list(char *out, size_t cap) { join_list(out, cap, ATLAS_COLS, col_id); }
void atlas_config_list(char *out, size_t cap) { join_list(out, cap, NCONFIGS, cfg_id); }

/* ---- printing ---------------------------------------------------------------------------------- */

/* Writes text word-wrapped to width columns; the first line starts at column `at` (already
 * printed), continuation lines are indented by indent spaces. Words longer than a line are
 * written whole on their own line (never cut). */
static void wrap(FILE *f, const char *text, int at, int indent, int width)
{
    int col = at, first = 1;
    const char *p = text;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ') e++;
        int len = (int)(e - p);
        if (!first && col + 1 + len > width) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, (size_t)len, f);
        col += len;
        first = 0;
        p = e;
    }
    fputc('\n', f);
}

static char setup_key(const SetupTable *t, const char *id)
{
    const Setup *s = id ? setup_find(t, id) : NULL;
    return s ? s->key : ' ';
}

static void cell_text(const SetupTable *t, const AtlasCell *c, char *out, size_t cap)
{
    if (!c) { snprintf(out, cap, "?"); return; }
    char k = setup_key(t, c->setup);
    if (k != ' ') snprintf(out, cap, "%s %c", OUTCOMES[c->outcome].cell, k);
    else snprintf(out, cap, "%s", OUTCOMES[c->outcome].cell);
}

void atlas_print_grid(FILE *f, const SetupTable *t, int width)
{
    if (width < 60) width = 60;
    fprintf(f, "losslab atlas: what each framework does with an output layer + loss + labels.\n");
    wrap(f, "Each configuration takes two lines: its id and what it is, then one cell per framework: the "
            "outcome, and the key of the set-up that shows it live (see the keys below; run it with "
            "losslab --models ID). RAISES: the framework refuses it (losslab atlas CONFIG shows the "
            "message). '.': not applicable or not researched.", 0, 0, width);
    fputc('\n', f);
    fprintf(f, "  ");
    for (int i = 0; i < ATLAS_COLS; i++) fprintf(f, i < ATLAS_COLS - 1 ? "%-11s" : "%s", COLUMNS[i].head);
    fprintf(f, "\n");
    for (int i = 0; i < NCONFIGS; i++) {
        fprintf(f, "%s  ", CONFIGS[i].id);
        wrap(f, CONFIGS[i].title, (int)strlen(CONFIGS[i].id) + 2, (int)strlen(CONFIGS[i].id) + 2, width);
        fprintf(f, "  ");
        for (int col = 0; col < ATLAS_COLS; col++) {
            char cell[32];
            cell_text(t, atlas_cell(CONFIGS[i].id, (AtlasColumnId)col), cell, sizeof cell);
            if (col < ATLAS_COLS - 1) fprintf(f, "%-11s", cell);
            else fprintf(f, "%s", cell);
        }
        fprintf(f, "\n");
    }
    fprintf(f, "\nColumns:\n");
    for (int i = 0; i < ATLAS_COLS; i++) fprintf(f, "  %-7s %s\n", COLUMNS[i].id, COLUMNS[i].name);
    fprintf(f, "\nKeys of the set-ups in the cells:\n");
    char line[512] = "";
    int used = 0;
    for (int r = 0; r < t->n; r++) {
        int seen = 0;
        for (int i = 0; i < NCELLS && !seen; i++) seen = CELLS[i].setup && !strcmp(CELLS[i].setup, t->rows[r].id);
        if (!seen) continue;
        char item[64];
        snprintf(item, sizeof item, "%c %s", t->rows[r].key, t->rows[r].id);
        if (used && used + 3 + (int)strlen(item) > width - 2) {
            fprintf(f, "  %s\n", line);
            line[0] = '\0';
            used = 0;
        }
        used += snprintf(line + used, sizeof line - (size_t)used, "%s%s", used ? "   " : "", item);
    }
    if (used) fprintf(f, "  %s\n", line);
    fprintf(f, "\nOutcomes: ");
    wrap(f, "learns; coll-0 / coll-1: every prediction that class; collapses: one class, which one is "
            "arbitrary; frozen: gradient exactly 0; hidden: the loss trains a cached logit the output "
            "never shows; floor: the loss cannot fall below a fixed value; inflated: the displayed "
            "accuracy is above the true one; diverges: the loss runs off without bound; partial: learns "
            "part of the way; erratic: oscillates near chance; slow: learns, slower; warn-fix: warns, "
            "then computes the right loss.", 10, 2, width);
    wrap(f, "One framework: losslab atlas --framework NAME. One configuration in full, with its sources: "
            "losslab atlas CONFIG. Each cell says whether it was read in source, measured or inferred.",
         0, 0, width);
}

static void print_cell_block(FILE *f, const SetupTable *t, const AtlasCell *c, int width, int indent)
{
    char head[256];
    const Setup *s = c->setup ? setup_find(t, c->setup) : NULL;
    if (c->outcome == OUT_REFUSES) snprintf(head, sizeof head, "raises:");
    else if (s) snprintf(head, sizeof head, "%s, live as set-up %s (key %c):", OUTCOMES[c->outcome].word, s->id, s->key);
    else snprintf(head, sizeof head, "%s:", OUTCOMES[c->outcome].word);
    fprintf(f, "%*s", indent, "");
    wrap(f, head, indent, indent, width);
    fprintf(f, "%*s", indent + 2, "");
    wrap(f, c->note, indent + 2, indent + 2, width);
    char src[1024];
    snprintf(src, sizeof src, "[%s] %s", PROV_WORDS[c->prov], c->ref);
    fprintf(f, "%*s", indent + 2, "");
    wrap(f, src, indent + 2, indent + 2, width);
}

void atlas_print_column(FILE *f, const SetupTable *t, int col, int width)
{
    if (width < 60) width = 60;
    fprintf(f, "losslab atlas, one framework: %s (%s)\n\n", COLUMNS[col].name, COLUMNS[col].id);
    for (int i = 0; i < NCONFIGS; i++) {
        const AtlasCell *c = atlas_cell(CONFIGS[i].id, (AtlasColumnId)col);
        fprintf(f, "%s  ", CONFIGS[i].id);
        wrap(f, CONFIGS[i].title, (int)strlen(CONFIGS[i].id) + 2, 4, width);
        if (c) print_cell_block(f, t, c, width, 2);
        fputc('\n', f);
    }
}

void atlas_print_config(FILE *f, const SetupTable *t, const AtlasConfig *cfg, int width)
{
    if (width < 60) width = 60;
    fprintf(f, "%s  ", cfg->id);
    wrap(f, cfg->title, (int)strlen(cfg->id) + 2, 2, width);
    fputc('\n', f);
    for (int col = 0; col < ATLAS_COLS; col++) {
        const AtlasCell *c = atlas_cell(cfg->id, (AtlasColumnId)col);
        fprintf(f, "%s (%s)\n", COLUMNS[col].name, COLUMNS[col].id);
        if (c) print_cell_block(f, t, c, width, 2);
        fputc('\n', f);
    }
    /* the set-ups that show it live, from the set-up table */
    int any = 0;
    for (int r = 0; r < t->n; r++) {
        int used = 0;
        for (int col = 0; col < ATLAS_COLS && !used; col++) {
            const AtlasCell *c = atlas_cell(cfg->id, (AtlasColumnId)col);
            used = c && c->setup && !strcmp(c->setup, t->rows[r].id);
        }
        if (!used) continue;
        if (!any) fprintf(f, "Live in losslab:\n");
        any = 1;
        char line[1024];
        snprintf(line, sizeof line, "%s (key %c): %s + %s. %s %s", t->rows[r].id, t->rows[r].key, t->rows[r].head,
                 t->rows[r].loss_name, t->rows[r].semantics, t->rows[r].expect);
        fprintf(f, "  ");
        wrap(f, line, 2, 4, width);
    }
    if (any) fprintf(f, "  Run them side by side: losslab --models ID,ID (docs/semantics.md has the sources).\n");
}

void atlas_print_tsv(FILE *f)
{
    for (size_t i = 0; i < sizeof ATLAS_TSV_HEAD / sizeof ATLAS_TSV_HEAD[0]; i++) fputs(ATLAS_TSV_HEAD[i], f);
    for (int i = 0; i < ATLAS_COLS; i++) fprintf(f, "#column\t%s\t%s\n", COLUMNS[i].id, COLUMNS[i].name);
    for (int i = 0; i < NCELLS; i++) {
        const AtlasCell *c = &CELLS[i];
        const char *title = "";
        for (int k = 0; k < NCONFIGS; k++)
            if (!strcmp(CONFIGS[k].id, c->config)) title = CONFIGS[k].title;
        fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c->config, title, COLUMNS[c->column].id,
                OUTCOMES[c->outcome].word, c->setup ? c->setup : "-", c->note, PROV_WORDS[c->prov], c->ref);
    }
}
