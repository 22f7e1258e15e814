// train_tfjs.mjs -- outcome runs in real TF.js (pure JS CPU backend) on data exported by losslab.
//   node train_tfjs.mjs DATA.csv OUT.txt EPOCHS "data command"
// Model: lstm(32) (TF.js defaults: recurrentActivation hardSigmoid, glorotNormal, no unit forget
// bias) -> dense(16) -> head; adam(1e-3); batchSize 32; validationSplit 0.1 (the last rows). TF.js
// shuffles unseeded, so a rerun can differ in the third decimal. categoricalCrossentropy on one unit
// is refused by fit, so it is also run through fitDataset (which skips the check).
import { createRequire } from "module";
import fs from "fs";
import path from "path";
import { fileURLToPath } from "url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const require = createRequire(path.join(root, "build", "ref", "tfjs", "package.json"));
const tf = require("@tensorflow/tfjs");
const tfver = require("@tensorflow/tfjs/package.json").version;
const [, , dataPath, outPath, epochsArg, dataCmd] = process.argv;
const EPOCHS = parseInt(epochsArg || "5", 10);
const T = 5, H = 32;
const warns = [];
const origWarn = console.warn;
console.warn = (...a) => { warns.push(a.join(" ")); };
const log = (...a) => origWarn.call(console, ...a);

const lines = fs.readFileSync(dataPath, "utf8").trim().split("\n").slice(1);
const rows = lines.map((l) => l.split(",").map(Number));
const nf = rows[0].length - 1, F = nf / T, N = rows.length;
const yAll = rows.map((r) => r[nf]);
const K = Math.max(2, Math.max(...yAll) + 1);
const xAll = tf.tensor3d(rows.map((r) => { const s = []; for (let t = 0; t < T; t++) s.push(r.slice(t * F, (t + 1) * F)); return s; }));
const nv = Math.round(N * 0.1), nt = N - nv;
const yv = yAll.slice(nt);

function fmt(v) {
  if (v == null) return "-";
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  let s = v.toPrecision(9);
  if (s.includes("e")) { let [m, e] = s.split("e"); if (m.includes(".")) m = m.replace(/0+$/, "").replace(/\.$/, ""); const en = parseInt(e, 10); s = m + "e" + (en < 0 ? "-" : "+") + String(Math.abs(en)).padStart(2, "0"); }
  else if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}
const oneLine = (t) => String(t).split("\n").map((l) => l.trim()).filter((l) => l).join(" | ");

const sce = ["tf.losses.sigmoidCrossEntropy", (y, p) => tf.losses.sigmoidCrossEntropy(y, p)];
const smce = ["tf.losses.softmaxCrossEntropy", (y, p) => tf.losses.softmaxCrossEntropy(y, p)];
// [id, units, act, loss, labels, setup, mode]
const CONFIGS = [
  ["sigmoid-bce", 1, "sigmoid", "binaryCrossentropy", "float01", "bce", "fit"],
  ["sigmoid-cce", 1, "sigmoid", "categoricalCrossentropy", "float01", "-", "fit"],
  ["sigmoid-cce-fitdataset", 1, "sigmoid", "categoricalCrossentropy", "float01", "cce1-frozen", "fitDataset"],
  ["softmax2-cce", 2, "softmax", "categoricalCrossentropy", "onehot", "cce2", "fit"],
  ["softmax1-bce", 1, "softmax", "binaryCrossentropy", "float01", "softmax1-bce-frozen", "fit"],
  ["sigmoid-bce-logits", 1, "sigmoid", sce, "float01", "bce-double", "fit"],
  ["linear-bce", 1, null, "binaryCrossentropy", "float01", "bce-raw-plain", "fit"],
  ["sigmoid-mse", 1, "sigmoid", "meanSquaredError", "float01", "mse", "fit"],
  ["sigmoid-hinge", 1, "sigmoid", "hinge", "float01", "hinge-raw", "fit"],
  ["softmax-cce", "K", "softmax", "categoricalCrossentropy", "onehot", "cce", "fit"],
  ["softmax-bce", "K", "softmax", "binaryCrossentropy", "onehot", "softmax-bce-legacy", "fit"],
  ["sigmoid-cce-k", "K", "sigmoid", "categoricalCrossentropy", "onehot", "sigmoid-cce-norm", "fit"],
  ["softmax-cce-logits", "K", "softmax", smce, "onehot", "ce-softmax", "fit"],
  ["linear-cce", "K", null, "categoricalCrossentropy", "onehot", "cce-raw", "fit"],
];

function labels(f, ys, U) {
  if (f === "float01") return tf.tensor2d(ys, [ys.length, 1]);
  return tf.oneHot(tf.tensor1d(ys, "int32"), U).toFloat();
}

function outcome(eps, frozen, refused, majority) {
  if (refused) return "refuses";
  if (eps.some((e) => !Number.isFinite(e.loss) || e.loss < -1)) return "diverges";
  if (frozen) return "frozen";
  const last = eps[eps.length - 1];
  for (let k = 0; k < last.shares.length; k++) if (last.shares[k] >= 0.99) return `collapses-${k}`;
  if (last.val_acc != null && last.val_acc - last.val_true_acc > 0.05) return "inflated";
  if (last.val_true_acc >= majority + 0.05) return "learns";
  return "stuck";
}

async function run(cfg) {
  const [id, units, act, lossSpec, lfmt, setup, mode] = cfg;
  if ((units === "K") !== (K > 2)) return null;
  const U = units === "K" ? K : units;
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: H, inputShape: [T, F] }));
  model.add(tf.layers.dense({ units: 16 }));
  model.add(tf.layers.dense({ units: U, activation: act || "linear" }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: typeof lossSpec === "string" ? lossSpec : lossSpec[1], metrics: ["accuracy"] });
  const w0 = model.getWeights().map((w) => w.dataSync().slice());
  const rec = { id, setup, head: `dense(${U}, ${act || "linear"})`, loss: `${typeof lossSpec === "string" ? `'${lossSpec}'` : lossSpec[0]} metrics=['accuracy'] adam(1e-3) batch 32 ${mode}`, labels: lfmt, warns: [], notes: [], epochs: [], error: null };
  warns.length = 0;
  const yt = labels(lfmt, yAll, U);
  const xv = xAll.slice([nt, 0, 0], [nv, T, F]);
  const t0 = Date.now();
  const onEpochEnd = (ep, logs) => {
    const out = model.predict(xv);
    const pred = U === 1 ? Array.from(out.dataSync(), (v) => (v > 0.5 ? 1 : 0)) : Array.from(out.argMax(1).dataSync());
    const shares = []; for (let k = 0; k < Math.max(U, 2); k++) shares.push(pred.filter((p) => p === k).length / nv);
    const tru = pred.filter((p, i) => p === yv[i]).length / nv;
    rec.epochs.push({ epoch: ep + 1, loss: logs.loss, acc: logs.acc ?? logs.accuracy, val_loss: logs.val_loss, val_acc: logs.val_acc ?? logs.val_accuracy, val_true_acc: tru, shares });
  };
  let refused = false;
  try {
    if (mode === "fit") {
      await model.fit(xAll, yt, { batchSize: 32, epochs: EPOCHS, validationSplit: 0.1, shuffle: true, verbose: 0, callbacks: { onEpochEnd } });
    } else {
      const xs = tf.data.array(xAll.slice([0, 0, 0], [nt, T, F]).arraySync());
      const ys = tf.data.array(yt.slice([0, 0], [nt, U]).arraySync());
      const ds = tf.data.zip({ xs, ys }).shuffle(nt).batch(32);
      // no validationData: given as arrays, fitDataset's evaluation runs the same target check and
      // refuses after the first epoch (seen here); the validation numbers come from predict().
      await model.fitDataset(ds, { epochs: EPOCHS, verbose: 0, callbacks: { onEpochEnd } });
    }
  } catch (e) { refused = true; rec.error = `${e.name || "Error"}: ${oneLine(e.message)}`; }
  const w1 = model.getWeights().map((w) => w.dataSync());
  const frozen = w0.every((a, i) => a.every((v, j) => v === w1[i][j]));
  rec.notes.push(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
  rec.warns = [...new Set(warns)];
  const counts = []; for (let k = 0; k < K; k++) counts.push(yv.filter((v) => v === k).length / nv);
  rec.outcome = outcome(rec.epochs, frozen, refused, Math.max(...counts));
  return rec;
}

const L = ["# losslab reference outcomes: written by tools/reference (make reference); do not edit",
  "# format: tools/reference/README.md", `framework tfjs ${tfver} backend ${tf.getBackend()}`, `data ${dataCmd || dataPath}`,
  `model lstm(${H}) (TF.js defaults: hardSigmoid gates, glorotNormal, no unit forget bias) -> dense(16) -> head; adam(1e-3); batch 32; epochs ${EPOCHS}; validationSplit 0.1; unseeded shuffle`,
  `classes ${K}`];
for (const cfg of CONFIGS) {
  const r = await run(cfg);
  if (!r) continue;
  L.push(`config ${r.id}`, `head ${r.head}`, `loss_cfg ${r.loss}`, `labels ${r.labels}`, `setup ${r.setup}`);
  for (const n of r.notes) L.push(`note ${oneLine(n)}`);
  for (const w of r.warns) L.push(`warn ${oneLine(w)}`);
  if (r.error) L.push(`error ${r.error.slice(0, 600)}`);
  for (const e of r.epochs) {
    L.push(`epoch ${e.epoch} loss ${fmt(e.loss)} acc ${fmt(e.acc)}${e.val_loss != null ? " val_loss " + fmt(e.val_loss) : ""} val_acc ${fmt(e.val_acc)} val_true_acc ${fmt(e.val_true_acc)} shares ${e.shares.map((s) => s.toFixed(4)).join(",")}`);
  }
  L.push(`outcome ${r.outcome}`, "end");
  const last = r.epochs[r.epochs.length - 1] || {};
  log(`${r.id.padEnd(24)} ${r.outcome.padEnd(12)} loss ${last.loss} acc ${last.acc} true ${last.val_true_acc} shares ${last.shares}`);
}
fs.writeFileSync(outPath, L.join("\n") + "\n");
log("wrote", outPath);
