package io.mediamatch.stream;

import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Which past uploads would the signals changed since a sequence number have matched: the job's operators in
 * batch mode, the few new signals broadcast (batch mode reads the broadcast side first) and the many past
 * uploads spread over the workers. Returns one output record per upload, as the streaming job writes.
 */
public final class RetroScan {
    private RetroScan() {
    }

    /** The signal changes of {@code store} after {@code sinceSeq} (-1: all), tombstones included. */
    public static List<SignalChange> changesSince(SignalStore store, long sinceSeq) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (SignalType type : SignalType.values()) {
            store.scan(type, sinceSeq, (id, bank, value, status) -> ids.add(id));
        }
        List<SignalChange> out = new ArrayList<>();
        for (Signal s : store.get(ids)) {
            out.add(SignalChange.of(s));
        }
        return out;
    }

    /** Matches {@code uploads} (upload records) against {@code changes} at {@code parallelism}; records in no set order. */
    public static List<String> run(List<SignalChange> changes, List<String> uploads, int parallelism) throws Exception {
        if (uploads.isEmpty()) {
            return List.of();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        List<Tuple3<String, String, Boolean>> rows = new ArrayList<>();
        for (SignalChange c : changes) {
            rows.add(Tuple3.of(c.key(), c.tombstone() ? "" : c.valueJson(), c.tombstone()));
        }
        DataStream<Tuple3<String, String, Boolean>> banks = rows.isEmpty()
                // a key-less record the match function skips: a broadcast input needs one element
                ? env.fromData(Types.TUPLE(Types.STRING, Types.STRING, Types.BOOLEAN), Tuple3.of("", "", true))
                : env.fromData(rows, Types.TUPLE(Types.STRING, Types.STRING, Types.BOOLEAN));
        DataStream<String> history = env.fromData(uploads, Types.STRING);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = MatchJob.matches(history, banks).executeAndCollect("mediamatch retro-scan")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
