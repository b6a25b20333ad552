package io.mediamatch.pdq;

import java.util.Arrays;

/**
 * The reference's two-pass Jarosz tent filter (a box filter along rows, then along columns, twice) followed by
 * its 64x64 decimation, computed in one streaming sweep over the image.
 *
 * <p>Every output value comes from the same float operations in the same order as the reference (running sum:
 * add the entering sample, then subtract the leaving one; output = that sum divided by the current window size,
 * a true division), so results are bit-identical. Only the memory order differs: the first row pass runs
 * {@link #GROUP} rows at a time into a ring of rows just deep enough for the column window; the first column
 * pass consumes that ring as rows arrive and hands {@link #GROUP}-row strips to the second row pass, which keeps
 * the 64 sampled columns; the last column pass keeps the 64 sampled rows. No full-size float plane exists.
 * The first row pass stores raw running sums and divides afterwards in a separate loop over contiguous floats
 * (the JIT vectorises that loop and the first column pass, not a loop that divides as it sums); the row passes
 * advance the sums of four rows side by side so their add/subtract chains overlap.
 *
 * <p>Not thread-safe: an instance owns its scratch rows.
 */
final class JaroszBlur {
    /** Strip height of the pipeline: rows each row pass handles per step (in kernels of four rows). */
    static final int GROUP = 8;

    // Rows are separate arrays: the JIT vectorises a loop over several float arrays only when they are all
    // indexed by the bare loop variable (an offset into a shared array defeats its aliasing analysis).
    private float[][] rowBuf = new float[GROUP][0]; // luma for the first row pass, sums in the second
    private float[][] ring = new float[0][0]; // first row pass output, row y in ring[y % ringRows]
    private float[][] strip = new float[GROUP][0]; // first column pass output, row y in strip[y % GROUP]
    private float[] colSums = new float[0];
    private float[] sampled = new float[0]; // rows x 64: the second row pass at the 64 sampled columns
    private final float[] sums64 = new float[64];
    private final int[] sampledCws = new int[64];
    private final int[] sampledRows = new int[64];
    private final int[] sampledCols = sentinelled();

    // State of the streaming first column pass.
    private int rows;
    private int cols;
    private int ringRows;
    private int colHalfM1;
    private int colP2;
    private int colP3;
    private int colAdded;
    private int colCws;
    private int colNext;

    /** The reference window size for reducing {@code oldDim} to {@code newDim} with two passes. */
    static int windowSize(int oldDim, int newDim) {
        return (oldDim + 2 * newDim - 1) / (2 * newDim);
    }

    /** The source index of each of the 64 decimated samples along a dimension of {@code n}, as the reference picks. */
    static int[] samples(int n) {
        return samples(n, new int[64]);
    }

    private static int[] samples(int n, int[] s) {
        for (int o = 0; o < 64; o++) {
            s[o] = (int) (((o + 0.5) * n) / 64);
        }
        return s;
    }

    /** 64 sampled columns and a sentinel beyond any row at index 64 (the sampled row kernels stop there). */
    private static int[] sentinelled() {
        int[] s = new int[65];
        s[64] = Integer.MAX_VALUE;
        return s;
    }

    /** Floats of scratch this instance holds (for the caller's release policy). */
    long scratchFloats() {
        return (long) (ring.length + 2 * GROUP + 1) * colSums.length + sampled.length;
    }

    /** Drops the scratch rows (they are reallocated on the next call). */
    void release() {
        rowBuf = new float[GROUP][0];
        strip = new float[GROUP][0];
        ring = new float[0][0];
        colSums = new float[0];
        sampled = new float[0];
    }

    /**
     * Blurs the {@code rows} x {@code cols} luma image from {@code src} (both dimensions >= 1) as the reference's
     * two row/column pass pairs do and writes its 64x64 decimation to {@code out64x64}, row-major.
     */
    void blurAndDecimate(Luma.Rows src, int rows, int cols, float[] out64x64) {
        int windowAlongRows = windowSize(cols, 64);
        int windowAlongCols = windowSize(rows, 64);
        start(rows, cols, windowAlongCols);
        samples(cols, sampledCols);
        for (int p = 0; p < 64; p++) {
            sampledCws[p] = windowAt(sampledCols[p], cols, windowAlongRows);
        }
        for (int y = 0; y < rows; y += GROUP) {
            int n = Math.min(GROUP, rows - y);
            for (int k = 0; k < n; k++) {
                src.row(y + k, rowBuf[k]);
            }
            int slot = y % ringRows; // ringRows is a multiple of GROUP: the group's rows are consecutive slots
            runningSums(rowBuf, 0, n, cols, windowAlongRows, ring, slot);
            for (int k = 0; k < n; k++) {
                divideRow(ring[slot + k], cols, windowAlongRows);
            }
            advanceColumns(y + n, windowAlongRows, sampledCols);
        }
        boxAlongColsSampled(sampled, sums64, rows, windowAlongCols, samples(rows, sampledRows), out64x64);
    }

    private void start(int rows, int cols, int windowAlongCols) {
        this.rows = rows;
        this.cols = cols;
        // Rows [y - window, y + GROUP) must coexist while group y is written.
        ringRows = (windowAlongCols + 2 * GROUP - 1) / GROUP * GROUP;
        int half = (windowAlongCols + 2) / 2;
        colHalfM1 = half - 1;
        colP2 = windowAlongCols - half + 1;
        colP3 = rows - windowAlongCols;
        colAdded = 0;
        colCws = 0;
        colNext = 0;
        if (colSums.length < cols) {
            rowBuf = new float[GROUP][cols];
            strip = new float[GROUP][cols];
            colSums = new float[cols];
            ring = new float[0][0];
        }
        if (ring.length < ringRows) {
            ring = new float[ringRows][colSums.length];
        }
        if (sampled.length < rows * 64) {
            sampled = new float[rows * 64];
        }
        Arrays.fill(colSums, 0, cols, 0.0f);
    }

    /** The window size the reference divides by at output {@code o} of a box filter over {@code n} samples. */
    private static int windowAt(int o, int n, int window) {
        int half = (window + 2) / 2;
        int p2 = window - half + 1;
        int p3 = n - window;
        if (o < p2) {
            return half + o;
        }
        if (o < p2 + p3) {
            return window;
        }
        return window - (o - p2 - p3) - 1;
    }

    /**
     * Runs the first column pass for every output row whose input rows are among the first {@code avail} rows of
     * the first row pass; each completed {@link #GROUP}-row strip goes through the second row pass.
     */
    private void advanceColumns(int avail, int windowAlongRows, int[] sampledCols) {
        int n = cols;
        float[] sums = colSums;
        while (colAdded < colHalfM1 && colAdded < avail) {
            float[] in = ring[colAdded % ringRows];
            for (int j = 0; j < n; j++) {
                sums[j] += in[j];
            }
            colAdded++;
            colCws++;
        }
        if (colAdded < colHalfM1) {
            return;
        }
        while (colNext < rows) {
            int oi = colNext;
            int ri = oi + colHalfM1;
            if (oi < colP2 + colP3 && ri >= avail) {
                return;
            }
            float[] out = strip[oi % GROUP];
            if (oi < colP2) {
                colCws++;
                addAndDivide(sums, ring[ri % ringRows], out, n, colCws);
            } else if (oi < colP2 + colP3) {
                slideAndDivide(sums, ring[ri % ringRows], ring[(oi - colP2) % ringRows], out, n, colCws);
            } else {
                colCws--;
                subtractAndDivide(sums, ring[(oi - colP2) % ringRows], out, n, colCws);
            }
            colNext = oi + 1;
            if (colNext % GROUP == 0 || colNext == rows) {
                int first = (oi / GROUP) * GROUP;
                secondRowPass(first, colNext - first, windowAlongRows, sampledCols);
            }
        }
    }

    private static void addAndDivide(float[] sums, float[] in, float[] out, int n, int cws) {
        float w = cws;
        for (int j = 0; j < n; j++) {
            float s = sums[j] + in[j];
            sums[j] = s;
            out[j] = s / w;
        }
    }

    private static void slideAndDivide(float[] sums, float[] enter, float[] leave, float[] out, int n, int cws) {
        float w = cws;
        for (int j = 0; j < n; j++) {
            float s = sums[j] + enter[j];
            s -= leave[j];
            sums[j] = s;
            out[j] = s / w;
        }
    }

    private static void subtractAndDivide(float[] sums, float[] leave, float[] out, int n, int cws) {
        float w = cws;
        for (int j = 0; j < n; j++) {
            float s = sums[j] - leave[j];
            sums[j] = s;
            out[j] = s / w;
        }
    }

    /** The second row pass on strip rows {@code first..first+n}, kept at the 64 sampled columns only. */
    private void secondRowPass(int first, int n, int window, int[] sel) {
        int c = cols;
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            sampled4(strip, k, c, window, sel, sampledCws, sampled, (first + k) * 64);
        }
        for (; k < n; k++) {
            sums1(strip[k], c, window, rowBuf[0]);
            float[] sums = rowBuf[0];
            int o = (first + k) * 64;
            for (int p = 0; p < 64; p++) {
                sampled[o + p] = sums[sel[p]] / sampledCws[p];
            }
        }
    }

    /**
     * The reference's running box sums along rows {@code in[inFirst..inFirst+n)} of {@code cols} floats,
     * undivided, into rows {@code out[outFirst..outFirst+n)}.
     */
    static void runningSums(float[][] in, int inFirst, int n, int cols, int window, float[][] out, int outFirst) {
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            sums4(in, inFirst + k, cols, window, out, outFirst + k);
        }
        for (; k < n; k++) {
            sums1(in[inFirst + k], cols, window, out[outFirst + k]);
        }
    }

    /** Divides the running sums of one row by the window size the reference uses at each position. */
    static void divideRow(float[] a, int n, int window) {
        int half = (window + 2) / 2;
        int p2 = window - half + 1;
        int p3 = n - window;
        int cws = half - 1;
        int i = 0;
        for (; i < p2; i++) {
            cws++;
            a[i] = a[i] / cws;
        }
        float w = window;
        int end = p2 + p3;
        for (; i < end; i++) {
            a[i] = a[i] / w;
        }
        for (; i < n; i++) {
            cws--;
            a[i] = a[i] / cws;
        }
    }

    private static void sums1(float[] in, int n, int window, float[] out) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = n - window;
        int p4 = half - 1;
        int ri = 0;
        int li = 0;
        int o = 0;
        float sum = 0.0f;
        for (int k = 0; k < p1; k++) {
            sum += in[ri++];
        }
        for (int k = 0; k < p2; k++) {
            sum += in[ri++];
            out[o++] = sum;
        }
        for (int k = 0; k < p3; k++) {
            sum += in[ri++];
            sum -= in[li++];
            out[o++] = sum;
        }
        for (int k = 0; k < p4; k++) {
            sum -= in[li++];
            out[o++] = sum;
        }
    }

    /**
     * {@link #sums1} on rows {@code in[i..i+4)} into {@code out[o..o+4)}, their dependency chains
     * interleaved (four measured faster than eight, which run short of registers).
     */
    private static void sums4(float[][] in, int i, int n, int window, float[][] out, int o) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = n - window;
        int p4 = half - 1;
        float[] a0 = in[i + 0];
        float[] a1 = in[i + 1];
        float[] a2 = in[i + 2];
        float[] a3 = in[i + 3];
        float[] b0 = out[o + 0];
        float[] b1 = out[o + 1];
        float[] b2 = out[o + 2];
        float[] b3 = out[o + 3];
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        for (int r = 0; r < p1; r++) {
            s0 += a0[r];
            s1 += a1[r];
            s2 += a2[r];
            s3 += a3[r];
        }
        for (int k = 0; k < p2; k++) {
            s0 += a0[p1 + k];
            s1 += a1[p1 + k];
            s2 += a2[p1 + k];
            s3 += a3[p1 + k];
            b0[k] = s0;
            b1[k] = s1;
            b2[k] = s2;
            b3[k] = s3;
        }
        for (int l = 0; l < p3; l++) {
            s0 += a0[l + window];
            s1 += a1[l + window];
            s2 += a2[l + window];
            s3 += a3[l + window];
            s0 -= a0[l];
            s1 -= a1[l];
            s2 -= a2[l];
            s3 -= a3[l];
            b0[p2 + l] = s0;
            b1[p2 + l] = s1;
            b2[p2 + l] = s2;
            b3[p2 + l] = s3;
        }
        for (int k = 0; k < p4; k++) {
            s0 -= a0[p3 + k];
            s1 -= a1[p3 + k];
            s2 -= a2[p3 + k];
            s3 -= a3[p3 + k];
            b0[p2 + p3 + k] = s0;
            b1[p2 + p3 + k] = s1;
            b2[p2 + p3 + k] = s2;
            b3[p2 + p3 + k] = s3;
        }
    }

    /**
     * {@link #sums4} that divides and stores only at the columns {@code sel[0..64)} (ascending, repeats allowed,
     * {@code sel[64]} a sentinel beyond the row): sample p of row k goes to {@code out[outBase + 64*k + p]},
     * divided by {@code cws[p]}.
     */
    private static void sampled4(float[][] in, int i, int n, int window, int[] sel, int[] cws, float[] out,
            int outBase) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = n - window;
        int p4 = half - 1;
        float[] a0 = in[i + 0];
        float[] a1 = in[i + 1];
        float[] a2 = in[i + 2];
        float[] a3 = in[i + 3];
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        int p = 0;
        for (int r = 0; r < p1; r++) {
            s0 += a0[r];
            s1 += a1[r];
            s2 += a2[r];
            s3 += a3[r];
        }
        for (int k = 0; k < p2; k++) {
            s0 += a0[p1 + k];
            s1 += a1[p1 + k];
            s2 += a2[p1 + k];
            s3 += a3[p1 + k];
            while (sel[p] == k) {
                float w = cws[p];
                out[outBase + p] = s0 / w;
                out[outBase + 64 + p] = s1 / w;
                out[outBase + 128 + p] = s2 / w;
                out[outBase + 192 + p] = s3 / w;
                p++;
            }
        }
        for (int l = 0; l < p3; l++) {
            s0 += a0[l + window];
            s1 += a1[l + window];
            s2 += a2[l + window];
            s3 += a3[l + window];
            s0 -= a0[l];
            s1 -= a1[l];
            s2 -= a2[l];
            s3 -= a3[l];
            while (sel[p] == p2 + l) {
                float w = cws[p];
                out[outBase + p] = s0 / w;
                out[outBase + 64 + p] = s1 / w;
                out[outBase + 128 + p] = s2 / w;
                out[outBase + 192 + p] = s3 / w;
                p++;
            }
        }
        for (int k = 0; k < p4; k++) {
            s0 -= a0[p3 + k];
            s1 -= a1[p3 + k];
            s2 -= a2[p3 + k];
            s3 -= a3[p3 + k];
            while (sel[p] == p2 + p3 + k) {
                float w = cws[p];
                out[outBase + p] = s0 / w;
                out[outBase + 64 + p] = s1 / w;
                out[outBase + 128 + p] = s2 / w;
                out[outBase + 192 + p] = s3 / w;
                p++;
            }
        }
    }

    /**
     * The last column pass over the rows x 64 plane of the second row pass, storing only the output rows listed
     * in {@code sel} (ascending, repeats allowed) as the rows of {@code out}.
     */
    private static void boxAlongColsSampled(float[] in, float[] sums, int rows, int window, int[] sel, float[] out) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = rows - window;
        int p4 = half - 1;
        Arrays.fill(sums, 0, 64, 0.0f);
        int ri = 0;
        int li = 0;
        int oi = 0;
        int cws = 0;
        int p = 0;
        for (int k = 0; k < p1; k++, ri++) {
            for (int j = 0; j < 64; j++) {
                sums[j] += in[ri * 64 + j];
            }
            cws++;
        }
        for (int k = 0; k < p2; k++, ri++, oi++) {
            cws++;
            for (int j = 0; j < 64; j++) {
                sums[j] += in[ri * 64 + j];
            }
            p = emitRows(sums, cws, sel, p, oi, out);
        }
        for (int k = 0; k < p3; k++, ri++, li++, oi++) {
            for (int j = 0; j < 64; j++) {
                float s = sums[j] + in[ri * 64 + j];
                sums[j] = s - in[li * 64 + j];
            }
            p = emitRows(sums, cws, sel, p, oi, out);
        }
        for (int k = 0; k < p4; k++, li++, oi++) {
            cws--;
            for (int j = 0; j < 64; j++) {
                sums[j] -= in[li * 64 + j];
            }
            p = emitRows(sums, cws, sel, p, oi, out);
        }
    }

    private static int emitRows(float[] sums, int cws, int[] sel, int p, int oi, float[] out) {
        while (p < 64 && sel[p] == oi) {
            int o = p * 64;
            for (int j = 0; j < 64; j++) {
                out[o + j] = sums[j] / cws;
            }
            p++;
        }
        return p;
    }
}
