/* init — Keras's default initialisers (glorot_uniform, orthogonal). See init.h.
 * Owns nothing but a temporary double work area inside init_orthogonal (freed before return). */
#include "nn/init.h"

#include <math.h>
#include <stdlib.h>

#include "base/xalloc.h"

void init_glorot_uniform(Rng *r, float *w, int rows, int cols)
{
    /* Keras: limit = sqrt(3 * scale / max(1, (fan_in + fan_out) / 2)), scale 1 -> sqrt(6 / (fi + fo)) */
    float limit = (float)sqrt(6.0 / ((double)rows + (double)cols));
    size_t n = (size_t)rows * cols;
    for (size_t i = 0; i < n; i++) w[i] = rng_uniformf(r, -limit, limit);
}

/* Thin QR of a (m, n), m >= n, by Householder reflections, all in double. Matrices are stored
 * column-major here (column j at a + j*m) so every inner loop runs over contiguous memory.
 * On return q (m, n, column-major) has orthonormal columns and diag (n) holds R's diagonal, so
 * that a = q R. a is destroyed. vs (n, m) is work space for the reflectors. */
static void init_householder_qr(double *a, double *q, double *diag, double *vs, int m, int n)
{
    for (int k = 0; k < n; k++) {
        double *v = vs + (size_t)k * m, *ak = a + (size_t)k * m;
        double norm = 0;
        for (int i = k; i < m; i++) norm += ak[i] * ak[i];
        norm = sqrt(norm);
        double alpha = ak[k] > 0 ? -norm : norm;   /* R_kk; sign opposite a_kk avoids cancellation */
        for (int i = 0; i < m; i++) v[i] = i < k ? 0.0 : ak[i];
        v[k] -= alpha;
        double vn = 0;
        for (int i = k; i < m; i++) vn += v[i] * v[i];
        vn = sqrt(vn);
        diag[k] = alpha;
        if (vn == 0) continue;                     /* column already reduced: H_k = I */
        for (int i = k; i < m; i++) v[i] /= vn;
        /* a[k:, k:] -= 2 v (v^T a[k:, k:]), column by column */
        for (int j = k; j < n; j++) {
            double *aj = a + (size_t)j * m, s = 0;
            for (int i = k; i < m; i++) s += v[i] * aj[i];
            s *= 2;
            for (int i = k; i < m; i++) aj[i] -= s * v[i];
        }
    }
    /* q = H_0 H_1 ... H_{n-1} I[:, :n]: apply the reflectors to the thin identity, last first */
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) q[(size_t)j * m + i] = (i == j) ? 1.0 : 0.0;
    for (int k = n - 1; k >= 0; k--) {
        const double *v = vs + (size_t)k * m;
        for (int j = 0; j < n; j++) {
            double *qj = q + (size_t)j * m, s = 0;
            for (int i = k; i < m; i++) s += v[i] * qj[i];
            s *= 2;
            for (int i = k; i < m; i++) qj[i] -= s * v[i];
        }
    }
}

void init_orthogonal(Rng *r, float *w, int rows, int cols)
{
    /* Keras 2.x (initializers.py@v2.15.0 Orthogonal): flat (max(r,c), min(r,c)) ~ N(0, 1);
     * q, r = qr(a); q *= sign(diag(r)); transpose if rows < cols; gain 1. */
    int m = rows > cols ? rows : cols, n = rows > cols ? cols : rows;
    double *a = xmalloc(sizeof(double) * (size_t)m * n);
    double *q = xmalloc(sizeof(double) * (size_t)m * n);
    double *vs = xmalloc(sizeof(double) * (size_t)m * n);
    double *diag = xmalloc(sizeof(double) * (size_t)n);
    /* the normal matrix is drawn row-major (m, n), as Keras's random_normal fills its shape,
     * and stored column-major for the QR */
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) a[(size_t)j * m + i] = rng_normal(r);
    init_householder_qr(a, q, diag, vs, m, n);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double v = diag[j] < 0 ? -q[(size_t)j * m + i] : q[(size_t)j * m + i];
            /* q is (m, n); w is (rows, cols): w = q if rows >= cols, else q^T */
            if (rows >= cols) w[(size_t)i * cols + j] = (float)v;
            else              w[(size_t)j * cols + i] = (float)v;
        }
    free(a); free(q); free(vs); free(diag);
}
