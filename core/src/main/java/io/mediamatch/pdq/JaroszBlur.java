package io.mediamatch.pdq;

/**
 * The reference's two-pass Jarosz tent filter (box filters along rows, then columns, repeated) and decimation.
 *
 * <p>Every output pixel is computed with the same float operations in the same order as the reference
 * (running sum: add the entering sample, then subtract the leaving one, then divide by the current window
 * size), so results are bit-identical. Speed comes from the memory order only: the column pass walks rows and
 * keeps one running sum per column (a loop over contiguous floats the JIT vectorises); the row pass runs
 * several independent rows side by side so their dependency chains overlap.
 */
final class JaroszBlur {
    private JaroszBlur() {}

    /** The reference window size for reducing {@code oldDim} to {@code newDim} with two passes. */
    static int windowSize(int oldDim, int newDim) {
        return (oldDim + 2 * newDim - 1) / (2 * newDim);
    }

    /**
     * Blurs {@code buf1} (rows x cols, row-major) in place, using {@code buf2} as scratch and {@code colSums}
     * (length >= cols) as per-column accumulators.
     */
    static void blur(float[] buf1, float[] buf2, float[] colSums, int rows, int cols, int passes) {
        int windowAlongRows = windowSize(cols, 64);
        int windowAlongCols = windowSize(rows, 64);
        for (int p = 0; p < passes; p++) {
            boxAlongRows(buf1, buf2, rows, cols, windowAlongRows);
            boxAlongCols(buf2, buf1, colSums, rows, cols, windowAlongCols);
        }
    }

    /**
     * The reference's blur (two row/column pass pairs) followed by its 64x64 decimation, writing only what the
     * decimation keeps: the second pass pair computes every running sum but divides and stores only at the
     * sampled columns, then the sampled rows. Same values as {@link #blur} then {@link #decimate} on the luma of
     * {@code src}; {@code rowScratch} holds {@link #ROW_GROUP} rows, {@code buf1} rows*cols and {@code buf2}
     * rows*max(cols, 64) floats.
     */
    static void blurAndDecimate(Luma.Rows src, float[] rowScratch, float[] buf1, float[] buf2, float[] colSums,
            int rows, int cols, float[] out64x64) {
        int windowAlongRows = windowSize(cols, 64);
        int windowAlongCols = windowSize(rows, 64);
        // First row pass straight from the luma source, ROW_GROUP rows at a time: no full-size luma plane.
        int y = 0;
        for (; y + ROW_GROUP <= rows; y += ROW_GROUP) {
            src.fill(y, ROW_GROUP, rowScratch);
            boxRows4(rowScratch, 0, cols, windowAlongRows, null, buf2, y * cols, cols);
        }
        for (; y < rows; y++) {
            src.fill(y, 1, rowScratch);
            boxRow(rowScratch, 0, cols, windowAlongRows, null, buf2, y * cols);
        }
        boxAlongCols(buf2, buf1, colSums, rows, cols, windowAlongCols);
        int[] sampledCols = samples(cols);
        int[] sampledRows = samples(rows);
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            boxRows4(buf1, i * cols, cols, windowAlongRows, sampledCols, buf2, i * 64, 64);
        }
        for (; i < rows; i++) {
            boxRow(buf1, i * cols, cols, windowAlongRows, sampledCols, buf2, i * 64);
        }
        boxAlongColsSampled(buf2, colSums, rows, windowAlongCols, sampledRows, out64x64);
    }

    /** The source index of each of the 64 decimated samples along a dimension of {@code n}, as the reference picks it. */
    static int[] samples(int n) {
        int[] s = new int[64];
        for (int o = 0; o < 64; o++) {
            s[o] = (int) (((o + 0.5) * n) / 64);
        }
        return s;
    }

    /**
     * {@link #boxAlongCols} over a rows x 64 plane, storing only the output rows listed in {@code sel} (ascending,
     * repeats allowed) as the rows of {@code out64x64}.
     */
    private static void boxAlongColsSampled(float[] in, float[] sums, int rows, int window, int[] sel, float[] out) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = rows - window;
        int p4 = half - 1;
        java.util.Arrays.fill(sums, 0, 64, 0.0f);
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

    /** Rows whose running sums advance together in the row pass (their dependency chains overlap). */
    static final int ROW_GROUP = 4;

    /** Running box filter along each row (contiguous), four rows interleaved. */
    static void boxAlongRows(float[] in, float[] out, int rows, int cols, int window) {
        int i = 0;
        for (; i + ROW_GROUP <= rows; i += ROW_GROUP) {
            boxRows4(in, i * cols, cols, window, null, out, i * cols, cols);
        }
        for (; i < rows; i++) {
            boxRow(in, i * cols, cols, window, null, out, i * cols);
        }
    }

    /**
     * Running box filter along one row: add the entering sample, subtract the leaving one, divide by the current
     * window size, as the reference. With {@code sel == null} output {@code o} goes to {@code out[outBase + o]};
     * otherwise only the outputs listed in {@code sel} (ascending, repeats allowed) are divided and stored, the
     * p-th at {@code out[outBase + p]}.
     */
    private static void boxRow(float[] in, int inBase, int n, int window, int[] sel, float[] out, int outBase) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = n - window;
        int p4 = half - 1;
        int ri = inBase;
        int li = inBase;
        int o = 0;
        int p = 0;
        float sum = 0.0f;
        int cws = 0;
        for (int k = 0; k < p1; k++) {
            sum += in[ri++];
            cws++;
        }
        for (int k = 0; k < p2; k++, o++) {
            sum += in[ri++];
            cws++;
            p = emit(out, outBase, 0, sel, p, o, sum, sum, sum, sum, cws, 1);
        }
        for (int k = 0; k < p3; k++, o++) {
            sum += in[ri++];
            sum -= in[li++];
            p = emit(out, outBase, 0, sel, p, o, sum, sum, sum, sum, cws, 1);
        }
        for (int k = 0; k < p4; k++, o++) {
            sum -= in[li++];
            cws--;
            p = emit(out, outBase, 0, sel, p, o, sum, sum, sum, sum, cws, 1);
        }
    }

    /**
     * {@link #boxRow} on four consecutive input rows ({@code n} apart) with their dependency chains interleaved;
     * the four output rows are {@code outStride} apart.
     */
    private static void boxRows4(float[] in, int inBase, int n, int window, int[] sel, float[] out, int outBase,
            int outStride) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = n - window;
        int p4 = half - 1;
        int b0 = inBase;
        int b1 = inBase + n;
        int b2 = inBase + 2 * n;
        int b3 = inBase + 3 * n;
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        int cws = 0;
        int r = 0;
        int l = 0;
        int o = 0;
        int p = 0;
        for (int k = 0; k < p1; k++, r++) {
            s0 += in[b0 + r];
            s1 += in[b1 + r];
            s2 += in[b2 + r];
            s3 += in[b3 + r];
            cws++;
        }
        for (int k = 0; k < p2; k++, r++, o++) {
            s0 += in[b0 + r];
            s1 += in[b1 + r];
            s2 += in[b2 + r];
            s3 += in[b3 + r];
            cws++;
            p = emit(out, outBase, outStride, sel, p, o, s0, s1, s2, s3, cws, 4);
        }
        for (int k = 0; k < p3; k++, r++, l++, o++) {
            s0 += in[b0 + r];
            s1 += in[b1 + r];
            s2 += in[b2 + r];
            s3 += in[b3 + r];
            s0 -= in[b0 + l];
            s1 -= in[b1 + l];
            s2 -= in[b2 + l];
            s3 -= in[b3 + l];
            p = emit(out, outBase, outStride, sel, p, o, s0, s1, s2, s3, cws, 4);
        }
        for (int k = 0; k < p4; k++, l++, o++) {
            s0 -= in[b0 + l];
            s1 -= in[b1 + l];
            s2 -= in[b2 + l];
            s3 -= in[b3 + l];
            cws--;
            p = emit(out, outBase, outStride, sel, p, o, s0, s1, s2, s3, cws, 4);
        }
    }

    /** Stores output {@code o} of {@code rows} (1 or 4) rows as {@link #boxRow} describes; returns the next p. */
    private static int emit(float[] out, int outBase, int outStride, int[] sel, int p, int o,
            float s0, float s1, float s2, float s3, int cws, int rows) {
        if (sel == null) {
            store(out, outBase + o, outStride, s0, s1, s2, s3, cws, rows);
            return p;
        }
        while (p < sel.length && sel[p] == o) {
            store(out, outBase + p++, outStride, s0, s1, s2, s3, cws, rows);
        }
        return p;
    }

    private static void store(float[] out, int at, int stride, float s0, float s1, float s2, float s3, int cws,
            int rows) {
        out[at] = s0 / cws;
        if (rows == 4) {
            out[at + stride] = s1 / cws;
            out[at + 2 * stride] = s2 / cws;
            out[at + 3 * stride] = s3 / cws;
        }
    }

    /** Running box filter down each column, computed row by row with one accumulator per column. */
    static void boxAlongCols(float[] in, float[] out, float[] sums, int rows, int cols, int window) {
        int half = (window + 2) / 2;
        int p1 = half - 1;
        int p2 = window - half + 1;
        int p3 = rows - window;
        int p4 = half - 1;
        java.util.Arrays.fill(sums, 0, cols, 0.0f);
        int ri = 0;
        int li = 0;
        int oi = 0;
        int cws = 0;
        for (int k = 0; k < p1; k++, ri++) {
            int r = ri * cols;
            for (int j = 0; j < cols; j++) {
                sums[j] += in[r + j];
            }
            cws++;
        }
        for (int k = 0; k < p2; k++, ri++, oi++) {
            cws++;
            int r = ri * cols;
            int o = oi * cols;
            float w = cws;
            for (int j = 0; j < cols; j++) {
                float s = sums[j] + in[r + j];
                sums[j] = s;
                out[o + j] = s / w;
            }
        }
        float w = cws;
        for (int k = 0; k < p3; k++, ri++, li++, oi++) {
            int r = ri * cols;
            int l = li * cols;
            int o = oi * cols;
            for (int j = 0; j < cols; j++) {
                float s = sums[j] + in[r + j];
                s -= in[l + j];
                sums[j] = s;
                out[o + j] = s / w;
            }
        }
        for (int k = 0; k < p4; k++, li++, oi++) {
            cws--;
            int l = li * cols;
            int o = oi * cols;
            float wk = cws;
            for (int j = 0; j < cols; j++) {
                float s = sums[j] - in[l + j];
                sums[j] = s;
                out[o + j] = s / wk;
            }
        }
    }

    /** Picks the sample nearest each of the 64x64 target centres, as the reference does. */
    static void decimate(float[] in, int rows, int cols, float[] out64x64) {
        for (int oi = 0; oi < 64; oi++) {
            int ii = (int) (((oi + 0.5) * rows) / 64);
            for (int oj = 0; oj < 64; oj++) {
                int ij = (int) (((oj + 0.5) * cols) / 64);
                out64x64[oi * 64 + oj] = in[ii * cols + ij];
            }
        }
    }
}
