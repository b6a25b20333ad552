package io.mediamatch.index;

/**
 * Brute-force Hamming search over a flat {@code long[]} (4 words per hash): the kernel this JVM runs, chosen once.
 * Several queries share one pass over memory: each database hash is loaded once for up to {@link #BLOCK} queries.
 *
 * <p>On JDK 25 or later started with {@code --add-modules jdk.incubator.vector}, on a CPU whose preferred vectors
 * are 512 bits wide, the kernel is {@code VectorScan} (compiled from {@code src/main/java25} by JDK 25, loaded
 * only then); everywhere else {@link ScalarScan}. Both report the same hits. {@code -Dmediamatch.scan=scalar}
 * forces the scalar kernel, {@code -Dmediamatch.scan=vector} requires the vector one (start-up fails without it).
 */
final class Scan {
    /** Queries compared per pass over memory. */
    static final int BLOCK = 8;

    /** The kernel in use. */
    static final Kernel KERNEL = choose(System.getProperty("mediamatch.scan", "auto"));

    private Scan() {}

    /** Receives (query index, position, distance) for every hit. */
    interface Sink {
        void hit(int query, int pos, int distance);
    }

    /** A set of scan kernels; all report the same hits (order within a call may differ). */
    interface Kernel {
        /** "scalar" or a description of the vector kernel. */
        String name();

        /** Every (query, position) pair within {@code maxD}; {@code q} holds nq (1..8) queries of 4 words. */
        void rangeMulti(long[] w, int from, int to, long[] q, int nq, int maxD, int queryBase, Sink sink);

        /**
         * Each position once, with the query (lowest index on ties) nearest to it, when that distance is within
         * {@code maxD}: the dihedral form, one pass over memory for all (1..8) orientations.
         */
        void rangeBest(long[] w, int from, int to, long[] q, int nq, int maxD, Sink sink);

        /**
         * Offers every live position in [from, to) to the per-query top-k lists (nq (1..8) queries in {@code q}).
         * {@code dead} may be null; {@code ids} null means id = idBase + position.
         */
        void nearest(long[] w, int from, int to, long[] q, int nq, TopK[] tops, long[] ids, long idBase,
                Tombstones dead);
    }

    /** The vector kernel, or null with the reason in {@code why[0]}. */
    static Kernel vector(String[] why) {
        if (Runtime.version().feature() < 25) {
            why[0] = "Java " + Runtime.version().feature() + " (the vector kernel needs JDK 25 or later)";
            return null;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why[0] = "the JVM was started without --add-modules jdk.incubator.vector";
            return null;
        }
        try {
            return (Kernel) Class.forName("io.mediamatch.index.VectorScan").getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            why[0] = "this build has no VectorScan (it was built without JDK 25)";
        } catch (java.lang.reflect.InvocationTargetException e) {
            why[0] = e.getCause().getMessage();
        } catch (ReflectiveOperationException | LinkageError e) {
            why[0] = e.toString();
        }
        return null;
    }

    private static Kernel choose(String mode) {
        switch (mode) {
            case "scalar":
                return new ScalarScan();
            case "auto":
            case "vector":
                String[] why = new String[1];
                Kernel k = vector(why);
                if (k == null && mode.equals("vector")) {
                    throw new IllegalStateException("-Dmediamatch.scan=vector, but no vector kernel: " + why[0]);
                }
                return k != null ? k : new ScalarScan();
            default:
                throw new IllegalArgumentException(
                        "-Dmediamatch.scan=" + mode + ": expected auto, scalar or vector");
        }
    }
}
