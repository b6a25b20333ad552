package io.mediamatch.stream;

import io.mediamatch.match.MatchOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Matches uploads against the banks: the signal changes are broadcast state (key -> upsert JSON, checkpointed
 * with the job), and each parallel instance applies them to its {@link LocalBanks}, rebuilt from the state after
 * a restore. Changes are applied in one batch before the next upload, so a change matches every later upload.
 */
final class MatchFunction extends BroadcastProcessFunction<String, Tuple3<String, String, Boolean>, String> {
    private static final long serialVersionUID = 1L;

    /** The banks: signal key ({@code bank|type|value}) to its upsert record. */
    static final MapStateDescriptor<String, String> SIGNALS =
            new MapStateDescriptor<>("mediamatch-signals", Types.STRING, Types.STRING);

    private transient LocalBanks banks;
    private transient List<SignalChange> pending;
    private transient Path scratch;

    @Override
    public void processElement(String upload, ReadOnlyContext ctx, Collector<String> out) throws Exception {
        load(ctx.getBroadcastState(SIGNALS));
        if (!pending.isEmpty()) {
            banks.apply(pending);
            pending.clear();
        }
        out.collect(UploadMatching.match(upload, banks.matcher(), scratch));
    }

    @Override
    public void processBroadcastElement(Tuple3<String, String, Boolean> change, Context ctx, Collector<String> out)
            throws Exception {
        load(ctx.getBroadcastState(SIGNALS));
        SignalChange c;
        try {
            c = SignalChange.parse(change.f0, change.f2 ? null : change.f1);
        } catch (BadRecordException e) {
            return; // a bad change record has no upload to report to; the deserializer already dropped markers
        }
        if (c.tombstone()) {
            ctx.getBroadcastState(SIGNALS).remove(c.key());
        } else {
            ctx.getBroadcastState(SIGNALS).put(c.key(), change.f1);
        }
        pending.add(c);
    }

    /** Creates this instance's banks on first use, from the broadcast state (non-empty after a restore). */
    private void load(ReadOnlyBroadcastState<String, String> state) throws Exception {
        if (banks != null) {
            return;
        }
        scratch = Path.of(System.getProperty("java.io.tmpdir"), "mediamatch-stream");
        banks = LocalBanks.create(scratch, MatchOptions.defaults());
        pending = new ArrayList<>();
        List<SignalChange> all = new ArrayList<>();
        for (Map.Entry<String, String> e : state.immutableEntries()) {
            all.add(SignalChange.parse(e.getKey(), e.getValue()));
        }
        banks.apply(all);
    }

    @Override
    public void close() throws Exception {
        if (banks != null) {
            banks.close();
        }
    }
}
