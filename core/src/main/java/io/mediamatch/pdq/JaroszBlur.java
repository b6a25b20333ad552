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
 * Row passes store raw running sums first and divide afterwards in a separate loop over contiguous floats (the
 * JIT vectorises that loop and the column passes; the row sums of {@link #GROUP} rows advance side by side so
 * their add/subtract chains overlap).
 *
 * <p>Not thread-safe: an instance owns its scratch rows.
 */
final class JaroszBlur {
    /** Rows whose running sums advance together in the row passes; the strip height of the pipeline. */
    static final int GROUP = 8;

    private float[] rowBuf = new float[0]; // GROUP rows: luma for the first row pass, sums in the second
    private float[] ring = new float[0]; // first row pass output, a ring of ringRows rows
    private float[] strip = new float[0]; // GROUP rows of the first column pass output
    private float[] colSums = new float[0];
    private float[] sampled = new float[0]; // rows x 64: the second row pass at the 64 sampled columns
    private final float[] sums64 = new float[64];
    private final int[] sampledCws = new int[64];

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

    /** The source index of each of the 64 decimated samples along a dimension of {@code n}, as the reference picks it. */
    static int[] samples(int n) {
        int[] s = new int[64];
        for (int o = 0; o < 64; o++) {
            s[o] = (int) (((o + 0.5) * n) / 64);
        }
        return s;
    }

    /** Floats of scratch this instance holds (for the caller's release policy). */
    long scratchFloats() {
        return (long) rowBuf.length + ring.length + strip.length + colSums.length + sampled.length;
    }

    /** Drops the scratch rows (they are reallocated on the next call). */
    void release() {
        rowBuf = ring = strip = colSums = sampled = new float[0];
    }

    /**
     * Blurs the {@code rows} x {@code cols} luma image from {@code src} (both dimensions >= 1) as the reference's
     * two row/column pass pairs do and writes its 64x64 decimation to {@code out64x64}, row-major.
     */
    void blurAndDecimate(Luma.Rows src, int rows, int cols, float[] out64x64) {
        int windowAlongRows = windowSize(cols, 64);
        int windowAlongCols = windowSize(rows, 64);
        start(rows, cols, windowAlongCols);
        int[] sampledCols = samples(cols);
        for (int p = 0; p < 64; p++) {
            sampledCws[p] = windowAt(sampledCols[p], cols, windowAlongRows);
        }
        for (int y = 0; y < rows; y += GROUP) {
            int n = Math.min(GROUP, rows - y);
            src.fill(y, n, rowBuf);
            int slot = (y % ringRows) * cols;
            runningSums(rowBuf, 0, n, cols, windowAlongRows, ring, slot);
            for (int k = 0; k < n; k++) {
                divideRow(ring, slot + k * cols, cols, windowAlongRows);
            }
            advanceColumns(y + n, windowAlongRows, sampledCols);
        }
        boxAlongColsSampled(sampled, sums64, rows, windowAlongCols, samples(rows), out64x64);
    }

    private void start(int rows, int cols, int windowAlongCols) {
        this.rows = rows;
        this.cols = cols;
        // Rows [y - window, y + GROUP) must coexist while group y is written; GROUP-aligned so a group is contiguous.
        ringRows = Math.min(windowAlongCols + 2 * GROUP - 1, rows + GROUP - 1) / GROUP * GROUP;
        int half = (windowAlongCols + 2) / 2;
        colHalfM1 = half - 1;
        colP2 = windowAlongCols - half + 1;
        colP3 = rows - windowAlongCols;
        colAdded = 0;
        colCws = 0;
        colNext = 0;
        if (rowBuf.length < (long) GROUP * cols) {
            rowBuf = new float[Math.multiplyExact(GROUP, cols)];
            strip = new float[GROUP * cols];
            colSums = new float[cols];
        }
        if (ring.length < (long) ringRows * cols) {
            ring = new float[Math.multiplyExact(ringRows, cols)];
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
        float[] in = ring;
        while (colAdded < colHalfM1 && colAdded < avail) {
            int r = (colAdded % ringRows) * n;
            for (int j = 0; j < n; j++) {
                sums[j] += in[r + j];
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
            int o = (oi % GROUP) * n;
            float[] out = strip;
            if (oi < colP2) {
                colCws++;
                int r = (ri % ringRows) * n;
                float w = colCws;
                for (int j = 0; j < n; j++) {
                    float s = sums[j] + in[r + j];
                    sums[j] = s;
                    out[o + j] = s / w;
                }
            } else if (oi < colP2 + colP3) {
                int r = (ri % ringRows) * n;
                int l = ((oi - colP2) % ringRows) * n;
                float w = colCws;
                for (int j = 0; j < n; j++) {
                    float s = sums[j] + in[r + j];
                    s -= in[l + j];
                    sums[j] = s;
                    out[o + j] = s / w;
                }
            } else {
                colCws--;
                int l = ((oi - colP2) % ringRows) * n;
                float w = colCws;
                for (int j = 0; j < n; j++) {
                    float s = sums[j] - in[l + j];
                    sums[j] = s;
                    out[o + j] = s / w;
                }
            }
            colNext = oi + 1;
            if (colNext % GROUP == 0 || colNext == rows) {
                int first = (oi / GROUP) * GROUP;
                secondRowPass(first, colNext - first, windowAlongRows, sampledCols);
            }
        }
    }

    /** The second row pass on strip rows {@code first..first+n}, kept at the 64 sampled columns only. */
    private void secondRowPass(int first, int n, int window, int[] sampledCols) {
        int c = cols;
        runningSums(strip, 0, n, c, window, rowBuf, 0);
        float[] sums = rowBuf;
        float[] out = sampled;
        int[] cws = sampledCws;
        for (int k = 0; k < n; k++) {
            int r = k * c;
            int o = (first + k) * 64;
            for (int p = 0; p < 64; p++) {
                out[o + p] = sums[r + sampledCols[p]] / cws[p];
            }
        }
    }

    /**
     * The reference's running box sums along {@code n} consecutive rows of {@code cols} floats starting at
     * {@code in[inBase]}, undivided: output o of row k goes to {@code out[outBase + k*cols + o]}.
     */
    static void runningSums(float[] in, int inBase, int n, int cols, int window, float[] out, int outBase) {
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            sums8(in, inBase + k * cols, cols, window, out, outBase + k * cols);
        }
        for (; k < n; k++) {
            sums1(in, inBase + k * cols, cols, window, out, outBase + k * cols);
        }
    }

    /** Divides the running sums of one row by the window size the reference uses at each position. */
    static void divideRow(float[] a, int base, int n, int window) {
        int half = (window + 2) / 2;
        int p2 = window - half + 1;
        int p3 = n - window;
        int cws = half - 1;
        int i = base;
        for (int k = 0; k < p2; k++, i++) {
            cws++;
            a[i] = a[i] / cws;
        }
        float w = window;
        int end = i + p3;
        for (; i < end; i++) {
            a[i] = a[i] / w;
        }
        end = base + n;
        for (; i < end; i++) {
            cws--;
            a[i] = a[i] / cws;
        }
    }

    private static void sums1(float[] in, int inBase, int n, int window, float[] out, int outBase) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = n - window;
        int p4 = half - 1;
        int ri = inBase;
        int li = inBase;
        int o = outBase;
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

    /** {@link #sums1} on eight consecutive rows ({@code n} floats apart) with their dependency chains interleaved. */
    private static void sums8(float[] in, int inBase, int n, int window, float[] out, int outBase) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = n - window;
        int p4 = half - 1;
        int i0 = inBase;
        int i1 = i0 + n;
        int i2 = i1 + n;
        int i3 = i2 + n;
        int i4 = i3 + n;
        int i5 = i4 + n;
        int i6 = i5 + n;
        int i7 = i6 + n;
        int o0 = outBase;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        int o4 = o3 + n;
        int o5 = o4 + n;
        int o6 = o5 + n;
        int o7 = o6 + n;
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        float s4 = 0.0f;
        float s5 = 0.0f;
        float s6 = 0.0f;
        float s7 = 0.0f;
        int r = 0;
        for (int k = 0; k < p1; k++, r++) {
            s0 += in[i0 + r];
            s1 += in[i1 + r];
            s2 += in[i2 + r];
            s3 += in[i3 + r];
            s4 += in[i4 + r];
            s5 += in[i5 + r];
            s6 += in[i6 + r];
            s7 += in[i7 + r];
        }
        int o = 0;
        for (int k = 0; k < p2; k++, r++, o++) {
            s0 += in[i0 + r];
            s1 += in[i1 + r];
            s2 += in[i2 + r];
            s3 += in[i3 + r];
            s4 += in[i4 + r];
            s5 += in[i5 + r];
            s6 += in[i6 + r];
            s7 += in[i7 + r];
            out[o0 + o] = s0;
            out[o1 + o] = s1;
            out[o2 + o] = s2;
            out[o3 + o] = s3;
            out[o4 + o] = s4;
            out[o5 + o] = s5;
            out[o6 + o] = s6;
            out[o7 + o] = s7;
        }
        int l = 0;
        for (int k = 0; k < p3; k++, r++, l++, o++) {
            s0 += in[i0 + r];
            s1 += in[i1 + r];
            s2 += in[i2 + r];
            s3 += in[i3 + r];
            s4 += in[i4 + r];
            s5 += in[i5 + r];
            s6 += in[i6 + r];
            s7 += in[i7 + r];
            s0 -= in[i0 + l];
            s1 -= in[i1 + l];
            s2 -= in[i2 + l];
            s3 -= in[i3 + l];
            s4 -= in[i4 + l];
            s5 -= in[i5 + l];
            s6 -= in[i6 + l];
            s7 -= in[i7 + l];
            out[o0 + o] = s0;
            out[o1 + o] = s1;
            out[o2 + o] = s2;
            out[o3 + o] = s3;
            out[o4 + o] = s4;
            out[o5 + o] = s5;
            out[o6 + o] = s6;
            out[o7 + o] = s7;
        }
        for (int k = 0; k < p4; k++, l++, o++) {
            s0 -= in[i0 + l];
            s1 -= in[i1 + l];
            s2 -= in[i2 + l];
            s3 -= in[i3 + l];
            s4 -= in[i4 + l];
            s5 -= in[i5 + l];
            s6 -= in[i6 + l];
            s7 -= in[i7 + l];
            out[o0 + o] = s0;
            out[o1 + o] = s1;
            out[o2 + o] = s2;
            out[o3 + o] = s3;
            out[o4 + o] = s4;
            out[o5 + o] = s5;
            out[o6 + o] = s6;
            out[o7 + o] = s7;
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
