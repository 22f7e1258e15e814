/* metrics — evaluation accumulators, class shares and CSV rows. See metrics.h. Owns nothing. */
#include "train/metrics.h"
#include "train/config.h"   /* fmt_float_exact */

#include <math.h>
#include <stdio.h>
#include <string.h>

#define P_CLIP 1e-7

void metrics_begin(EvalAcc *a, const Setup *s, int K, long *cm)
{
    memset(a, 0, sizeof *a);
    a->s = s;
    a->K = K;
    a->U = setup_units(s, K);
    a->cm = cm;
    if (cm) memset(cm, 0, sizeof(long) * (size_t)K * (size_t)K);
}

static int hist_bin(double p)
{
    int bin = isfinite(p) ? (int)(p * HIST_BINS) : 0;
    return bin < 0 ? 0 : bin >= HIST_BINS ? HIST_BINS - 1 : bin;
}

void metrics_add(EvalAcc *a, const float *z, const int *y, const float *loss, const float *dz, int B)
{
    const Setup *s = a->s;
    int K = a->K, U = a->U;
    double p[CLASSES_MAX], batch_loss = 0;   /* per-batch partial sum, then added (as always) */
    float o[CLASSES_MAX];
    for (int i = 0; i < B; i++) {
        const float *zi = z + (size_t)i * U;
        setup_output(s, zi, U, o);
        for (int j = 0; j < U; j++) {
            if (a->n == 0 && i == 0) {
                a->out_min[j] = a->out_max[j] = o[j];
                if (j == 0) a->out0 = o[0];
            }
            a->out_min[j] = o[j] < a->out_min[j] ? o[j] : a->out_min[j];
            a->out_max[j] = o[j] > a->out_max[j] ? o[j] : a->out_max[j];
            if (isnan(o[j])) a->out_max[j] = NAN;
        }
        int yi = y[i];
        int pr = setup_pred(s, zi, U);
        batch_loss += loss[i];
        a->shown += setup_shown_correct(s, zi, U, yi);
        a->right += pr == yi;
        a->pred[pr]++;
        if (a->cm) a->cm[(size_t)yi * K + pr]++;
        setup_probs(s, zi, U, K, p);
        if (K == 2) {
            /* the binary log-loss of p(class 1), exactly as it always was */
            double p1 = p[1];
            double pc = !isfinite(p1) ? NAN : p1 < P_CLIP ? P_CLIP : p1 > 1 - P_CLIP ? 1 - P_CLIP : p1;
            a->logloss -= yi ? log(pc) : log(1 - pc);
            a->hist[hist_bin(p1)]++;
        } else {
            double py = p[yi];
            double pc = !isfinite(py) ? NAN : py < P_CLIP ? P_CLIP : py > 1 - P_CLIP ? 1 - P_CLIP : py;
            a->logloss -= log(pc);
            a->hist[hist_bin(py)]++;
        }
        int j = U == 1 ? 0 : yi;   /* the logit the mechanism follows */
        a->count[yi]++;
        a->sum_z[yi] += zi[j];
        a->sum_dz[yi] += (double)dz[(size_t)i * U + j] * B;
        a->n++;
    }
    a->loss += batch_loss;
}

void metrics_finish_val(const EvalAcc *a, EvalPoint *p)
{
    double nv = (double)a->n;
    p->K = a->K;
    p->val_loss = a->loss / nv;
    p->val_acc = a->shown / nv;
    p->val_true_acc = a->right / nv;
    p->val_pred1 = (double)a->pred[1] / nv;
    for (int k = 0; k < a->K; k++) p->val_pred[k] = (double)a->pred[k] / nv;
    p->val_logloss = a->logloss / nv;
    memcpy(p->hist, a->hist, sizeof p->hist);
    p->val_out0 = a->out0;
    p->val_out_spread = 0.0;
    for (int j = 0; j < a->U; j++) {
        double d = (double)a->out_max[j] - (double)a->out_min[j];
        p->val_out_spread = isnan(d) ? NAN : d > p->val_out_spread ? d : p->val_out_spread;
    }
    for (int k = 0; k < a->K; k++) {
        p->mech_z[k] = a->count[k] ? a->sum_z[k] / (double)a->count[k] : NAN;
        p->mech_dz[k] = a->count[k] ? a->sum_dz[k] / (double)a->count[k] : NAN;
    }
}

void metrics_class_shares(const int *y, const long *idx, long n, int K, double *share)
{
    long cnt[CLASSES_MAX] = {0};
    for (long i = 0; i < n; i++) cnt[y[idx[i]]]++;
    for (int k = 0; k < K; k++) share[k] = n ? (double)cnt[k] / (double)n : 0.0;
}

void metrics_csv_header(char *out, size_t cap, int K, int lr)
{
    size_t used = (size_t)snprintf(out, cap, "epoch,step,model,loss,acc,val_loss,val_acc,val_pred1,val_logloss,grad_norm,"
                                             "val_true_acc");
    for (int k = 0; K > 2 && k < K && used < cap; k++)
        used += (size_t)snprintf(out + used, cap - used, ",val_pred_%d", k);
    if (lr && used < cap) snprintf(out + used, cap - used, ",lr");
}

int metrics_csv_row(char *out, size_t cap, const EvalPoint *p, const char *model, int lr)
{
    int n = snprintf(out, cap, "%d,%ld,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", p->epoch, p->step, model,
                     p->loss, p->acc, p->val_loss, p->val_acc, p->val_pred1, p->val_logloss, p->grad_norm,
                     p->val_true_acc);
    for (int k = 0; p->K > 2 && k < p->K && n >= 0 && (size_t)n < cap; k++)
        n += snprintf(out + n, cap - (size_t)n, ",%.6g", p->val_pred[k]);
    if (lr && n >= 0 && (size_t)n < cap) {
        char v[32];
        fmt_float_exact(v, sizeof v, p->lr);
        n += snprintf(out + n, cap - (size_t)n, ",%s", v);
    }
    return n;
}

double metrics_top_share(const EvalPoint *p)
{
    double t = p->val_pred[0];
    for (int k = 1; k < p->K; k++) t = p->val_pred[k] > t ? p->val_pred[k] : t;
    return t;
}
