package io.mediamatch.stream;

import io.mediamatch.store.Signal;
import io.mediamatch.store.SignalStore;
import io.mediamatch.store.SignalType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
        // a key-less record first (the match function skips it): a broadcast input needs one element
        List<SignalRow> rows = new ArrayList<>(List.of(new SignalRow("", null, 0, 0)));
        for (SignalChange c : changes) {
            rows.add(new SignalRow(c.key(), c.valueJson(), 0, rows.size()));
        }
        DataStream<SignalRow> banks = env.fromData(rows, TypeInformation.of(SignalRow.class));
        DataStream<String> history = env.fromData(uploads, Types.STRING);
        List<String> out = new ArrayList<>();
        // batch mode reads the broadcast side first, so no upload waits: no start offsets
        try (CloseableIterator<String> it = MatchJob.matches(history, banks, Map.of(), null)
                .executeAndCollect("mediamatch retro-scan")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
