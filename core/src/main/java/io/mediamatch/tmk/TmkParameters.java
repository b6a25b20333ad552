package io.mediamatch.tmk;

/** The reference's TMK parameters (Poullot et al.): 15 fps, 4 periods in frames, 32 Fourier coefficients. */
final class TmkParameters {
    static final int FRAMES_PER_SECOND = 15;
    /** Frames are scaled to this width and height before the PDQ-float feature is taken. */
    static final int FRAME_SIZE = 64;
    static final int FEATURE_DIMENSION = 256;

    private static final int[] PERIODS = {2731, 4391, 9767, 14653};

    // The reference tabulates (I_j(32) / sinh(32), a_0 halved) as double literals narrowed to float; narrowing the
    // same doubles here gives the same floats.
    private static final double[] COEFFICIENTS = {
        0.0708041893112, 0.13937789309, 0.132897260304,
        0.122765735552, 0.109878684888, 0.09529606433,
        0.0800986647852, 0.0652590650356, 0.0515478238322,
        0.0394851531195, 0.0293374252025, 0.0211492623679,
        0.0147973073245, 0.0100512818746, 0.0066306408014,
        0.00424947117334, 0.0026467615764, 0.00160270959695,
        0.000943882629639, 0.000540841638603, 0.000301633183798,
        0.000163800158855, 8.66454753015e-05, 4.46626303151e-05,
        2.24429442235e-05, 1.09982139799e-05, 5.25823487999e-06,
        2.45358229988e-06, 1.11781474895e-06, 4.97406489221e-07,
        2.16265487234e-07, 9.19087006565e-08,
    };

    private TmkParameters() {}

    static int[] periods() {
        return PERIODS.clone();
    }

    static float[] fourierCoefficients() {
        float[] out = new float[COEFFICIENTS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) COEFFICIENTS[i];
        }
        return out;
    }
}
