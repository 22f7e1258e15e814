// probe_tfjs.mjs -- head-level measurements in real TF.js (pure JS CPU backend), as probe_keras.py:
//   x = I_B -> Dense_W(U, zeros) + Dense_Z(U, kernel z, frozen) -> add -> Dense(U, act, kernel I)
// compiled with the loss a user writes, metrics ['accuracy'], sgd(1); one fit step (batchSize B);
// dz = -W afterwards. fit refusals are recorded verbatim; for categoricalCrossentropy on one unit
// fitDataset (which skips the check) is run as a second block.
// Usage: node probe_tfjs.mjs   (with @tensorflow/tfjs installed under NODE_PATH / build/ref/tfjs)
import { createRequire } from "module";
import fs from "fs";
import path from "path";
import { fileURLToPath } from "url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const require = createRequire(path.join(root, "build", "ref", "tfjs", "package.json"));
const tf = require("@tensorflow/tfjs");
const tfver = require("@tensorflow/tfjs/package.json").version;

const batches = JSON.parse(fs.readFileSync(process.env.REF_BATCH || path.join(here, "batch.json"), "utf8"));
const warns = [];
const origWarn = console.warn;
console.warn = (...a) => { warns.push(a.join(" ")); };

function fmt(v) {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  // 9 significant digits like %.9g
  let s = v.toPrecision(9);
  if (s.includes("e")) {
    let [m, e] = s.split("e");
    if (m.includes(".")) m = m.replace(/0+$/, "").replace(/\.$/, "");
    const en = parseInt(e, 10);
    s = m + "e" + (en < 0 ? "-" : "+") + String(Math.abs(en)).padStart(2, "0");
  } else if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}
const oneLine = (t) => String(t).split("\n").map((l) => l.trim()).filter((l) => l).join(" | ");

// [id, batch, act, loss (string or [text, fn]), label format, setup, mode]
const sce = ["tf.losses.sigmoidCrossEntropy (logits loss on the output)",
  (y, p) => tf.losses.sigmoidCrossEntropy(y, p)];
const smce = ["tf.losses.softmaxCrossEntropy (logits loss on the output)",
  (y, p) => tf.losses.softmaxCrossEntropy(y, p)];
// Where no losslab set-up computes a configuration exactly: the nearest one and how they differ.
const NEAR = {
  "sigmoid-bce": "near bce: clip to [1e-7, 1-1e-7], back to a logit, sigmoid CE: a saturated wrong-side sample (z = 25, y = 0) reports 15.942385 instead of 25 and gets gradient exactly 0",
  "softmax2-cce": "near cce2: normalise-and-clip path: a saturated wrong-side sample reports 15.942385 and gets gradient exactly 0",
  "softmax-cce": "near cce: normalise-and-clip path: a sample with p_c < 1e-7 reports 16.118095 and gets gradient exactly 0 (rows 3 and 4 here)",
  "softmax-scce": "near cce: same clip path as softmax-cce",
};
const CONFIGS = [
  ["sigmoid-bce", "binary", "sigmoid", "binaryCrossentropy", "float01", "-", "fit"],
  ["sigmoid-cce", "binary", "sigmoid", "categoricalCrossentropy", "float01", "-", "fit"],
  ["sigmoid-cce-fitdataset", "binary", "sigmoid", "categoricalCrossentropy", "float01", "cce1-frozen", "fitDataset"],
  ["sigmoid-cce-snake", "binary", "sigmoid", "categorical_crossentropy", "float01", "-", "fit"],
  ["softmax2-cce", "binary2", "softmax", "categoricalCrossentropy", "onehot", "-", "fit"],
  ["softmax1-bce", "binary", "softmax", "binaryCrossentropy", "float01", "softmax1-bce-frozen", "fit"],
  ["softmax1-cce", "binary", "softmax", "categoricalCrossentropy", "float01", "-", "fit"],
  ["sigmoid-bce-logits", "binary", "sigmoid", sce, "float01", "bce-double", "fit"],
  ["linear-bce", "binary", null, "binaryCrossentropy", "float01", "bce-raw-plain", "fit"],
  ["sigmoid-mse", "binary", "sigmoid", "meanSquaredError", "float01", "mse", "fit"],
  ["sigmoid-hinge", "binary", "sigmoid", "hinge", "float01", "hinge-raw", "fit"],
  ["sigmoid-scce", "binary", "sigmoid", "sparseCategoricalCrossentropy", "int", "-", "fit"],
  ["softmax-cce", "multi", "softmax", "categoricalCrossentropy", "onehot", "-", "fit"],
  ["softmax-scce", "multi", "softmax", "sparseCategoricalCrossentropy", "int", "-", "fit"],
  ["softmax-bce", "multi", "softmax", "binaryCrossentropy", "onehot", "softmax-bce-legacy", "fit"],
  ["sigmoid-cce-k", "multi", "sigmoid", "categoricalCrossentropy", "onehot", "sigmoid-cce-norm", "fit"],
  ["softmax-cce-logits", "multi", "softmax", smce, "onehot", "ce-softmax", "fit"],
  ["linear-cce", "multi", null, "categoricalCrossentropy", "onehot", "cce-raw", "fit"],
  ["softmax-cce-int", "multi", "softmax", "categoricalCrossentropy", "int", "-", "fit"],
  ["softmax-scce-onehot", "multi", "softmax", "sparseCategoricalCrossentropy", "onehot", "-", "fit"],
];

function build(B, U, act, z) {
  const inp = tf.input({ shape: [B] });
  const w = tf.layers.dense({ units: U, useBias: false, kernelInitializer: "zeros", name: "w" }).apply(inp);
  const zl = tf.layers.dense({ units: U, useBias: false, trainable: false, name: "zconst" });
  const c = zl.apply(inp);
  const pre = tf.layers.add().apply([w, c]);
  const hl = tf.layers.dense({ units: U, activation: act || "linear", useBias: false, trainable: false, name: "head" });
  const out = hl.apply(pre);
  const model = tf.model({ inputs: inp, outputs: out });
  zl.setWeights([tf.tensor2d(z, [B, U])]);
  hl.setWeights([tf.eye(U)]);
  return model;
}

function labels(fmtName, y, U) {
  if (fmtName === "float01") return [tf.tensor2d(y, [y.length, 1]), "float32 [B,1] 0/1"];
  if (fmtName === "onehot") return [tf.oneHot(tf.tensor1d(y, "int32"), U).toFloat(), `one-hot float32 [B,${U}]`];
  if (fmtName === "int") return [tf.tensor2d(y, [y.length, 1]), "class indices float32 [B,1]"];
  throw new Error(fmtName);
}

async function probe(cfg) {
  const [id, bname, act, lossSpec, lfmt, setup, mode] = cfg;
  const b = batches[bname];
  const U = b.K || (bname === "binary2" ? 2 : 1);
  const z = b.z, y = b.y, B = y.length;
  const [yt, ltext] = labels(lfmt, y, U);
  const lossText = typeof lossSpec === "string" ? `'${lossSpec}'` : lossSpec[0];
  const rec = { id, B, U, z, y, setup, head: `dense(${U}, ${act || "linear"})`,
    loss: `${lossText} metrics=['accuracy'] optimizer=sgd(1) ${mode}`, labels: ltext, warns: [], notes: NEAR[id] ? [NEAR[id]] : [] };
  warns.length = 0;
  const x = tf.eye(B);
  try {
    const model = build(B, U, act, z);
    model.compile({ optimizer: tf.train.sgd(1.0), loss: typeof lossSpec === "string" ? lossSpec : lossSpec[1],
      metrics: ["accuracy"] });
    let h;
    if (mode === "fit") {
      h = await model.fit(x, yt, { batchSize: B, epochs: 1, shuffle: false, verbose: 0 });
    } else {
      const xs = tf.data.array(x.arraySync());
      const ys = tf.data.array(yt.arraySync());
      h = await model.fitDataset(tf.data.zip({ xs, ys }).batch(B), { epochs: 1, verbose: 0 });
    }
    rec.loss = h.history.loss[0];
    const ak = Object.keys(h.history).find((k) => k === "acc" || k === "accuracy");
    rec.acc = ak ? h.history[ak][0] : null;
    rec.notes.push(`history keys: ${Object.keys(h.history).join(",")}`);
    const W = model.getLayer("w").getWeights()[0].dataSync();
    rec.dz = Array.from(W, (v) => -v);
    const out = model.predict(x).dataSync();
    // acc_bin / acc_argmax as common.ref_accs
    if (U === 1) { let n = 0; for (let i = 0; i < B; i++) n += ((out[i] > 0.5 ? 1 : 0) === y[i]) ? 1 : 0; rec.acc_bin = n / B; }
    else {
      let nb = 0, na = 0;
      for (let i = 0; i < B; i++) {
        let am = 0;
        for (let k = 0; k < U; k++) {
          if (out[i * U + k] > out[i * U + am]) am = k;
          nb += ((out[i * U + k] > 0.5 ? 1 : 0) === (k === y[i] ? 1 : 0)) ? 1 : 0;
        }
        na += am === y[i] ? 1 : 0;
      }
      rec.acc_bin = nb / (B * U); rec.acc_argmax = na / B;
    }
  } catch (e) {
    rec.error = `${e.name || "Error"}: ${oneLine(e.message)}`;
  }
  rec.warns = [...new Set(warns)];
  return rec;
}

const L = ["# losslab reference fixture: written by tools/reference (make reference); do not edit",
  "# format: tools/reference/README.md", `framework tfjs ${tfver} backend ${tf.getBackend()}`];
for (const cfg of CONFIGS) {
  const r = await probe(cfg);
  L.push(`config ${r.id}`, `head ${r.head}`, `loss_cfg ${r.loss}`, `labels ${r.labels}`, `setup ${r.setup}`,
    `shape ${r.B} ${r.U}`, `z ${r.z.map(fmt).join(" ")}`, `y ${r.y.join(" ")}`);
  for (const n of r.notes) L.push(`note ${oneLine(n)}`);
  for (const w of r.warns) L.push(`warn ${oneLine(w)}`);
  if (r.error) L.push(`error ${r.error.slice(0, 600)}`);
  else {
    L.push(`loss ${fmt(r.loss)}`, `dz ${r.dz.map(fmt).join(" ")}`, `acc ${r.acc == null ? "-" : fmt(r.acc)}`);
    if (r.acc_bin != null) L.push(`acc_bin ${fmt(r.acc_bin)}`);
    if (r.acc_argmax != null) L.push(`acc_argmax ${fmt(r.acc_argmax)}`);
  }
  L.push("end");
  origWarn.call(console, `${r.id.padEnd(24)} ${r.error ? r.error.slice(0, 120) : "loss " + r.loss}`);
}
const outp = path.join(process.env.REF_OUT || path.join(root, "tests", "fixtures", "reference"), `heads-tfjs-${tfver}.txt`);
fs.writeFileSync(outp, L.join("\n") + "\n");
origWarn.call(console, "wrote", path.relative(root, outp));
