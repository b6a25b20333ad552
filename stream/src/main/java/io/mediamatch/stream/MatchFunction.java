package io.mediamatch.stream;

import io.mediamatch.match.MatchOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Matches uploads against the banks: the signal changes are broadcast state (key -> upsert JSON, checkpointed
 * with the job), and each parallel instance applies them to its {@link LocalBanks}, rebuilt from the state after
 * a restore. Changes are applied in one batch before the next upload, so a change matches every later upload.
 * Until an instance has read the signal topic up to the offsets it had when the job was built, uploads wait
 * (in checkpointed state): an upload is never reported "no match" against half-loaded banks.
 */
final class MatchFunction extends BroadcastProcessFunction<String, SignalRow, String> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** The banks: a signal's or bank's record key ({@link TopicChange#key}) to its upsert record. */
    static final MapStateDescriptor<String, String> SIGNALS =
            new MapStateDescriptor<>("mediamatch-signals", Types.STRING, Types.STRING);

    /** Per partition of the signal topic, the offset of its last record when the job was built. */
    private final HashMap<Integer, Long> startOffsets;

    private transient LocalBanks banks;
    private transient List<TopicChange> pending;
    private transient Path scratch;
    private transient boolean ready;
    private transient Map<Integer, Long> seen;
    private transient List<String> waiting;
    private transient ListState<String> waitingState;
    private transient ListState<String> progressState;

    MatchFunction(Map<Integer, Long> startOffsets) {
        this.startOffsets = new HashMap<>(startOffsets);
    }

    @Override
    public void processElement(String upload, ReadOnlyContext ctx, Collector<String> out) throws Exception {
        if (!ready) {
            waiting.add(upload);
            return;
        }
        load(ctx.getBroadcastState(SIGNALS));
        matchWaiting(out);
        out.collect(UploadMatching.match(upload, banks.matcher(), scratch));
    }

    @Override
    public void processBroadcastElement(SignalRow row, Context ctx, Collector<String> out) throws Exception {
        load(ctx.getBroadcastState(SIGNALS));
        seen.merge(row.partition, row.offset, Math::max);
        if (!row.key.isEmpty()) {
            try {
                TopicChange c = TopicChange.parse(row.key, row.value);
                if (c.tombstone()) {
                    ctx.getBroadcastState(SIGNALS).remove(c.key());
                } else {
                    ctx.getBroadcastState(SIGNALS).put(c.key(), row.value);
                }
                pending.add(c);
            } catch (BadRecordException e) {
                // a bad change has no upload to report to: it is skipped (the publisher writes none)
            }
        }
        if (!ready && caughtUp()) {
            ready = true;
            matchWaiting(out);
        }
    }

    private boolean caughtUp() {
        for (Map.Entry<Integer, Long> e : startOffsets.entrySet()) {
            if (seen.getOrDefault(e.getKey(), -1L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void matchWaiting(Collector<String> out) throws Exception {
        if (!pending.isEmpty()) {
            banks.apply(pending);
            pending.clear();
        }
        for (String u : waiting) {
            out.collect(UploadMatching.match(u, banks.matcher(), scratch));
        }
        waiting.clear();
    }

    /** Creates this instance's banks on first use, from the broadcast state (non-empty after a restore). */
    private void load(ReadOnlyBroadcastState<String, String> state) throws Exception {
        if (banks != null) {
            return;
        }
        scratch = Path.of(System.getProperty("java.io.tmpdir"), "mediamatch-stream");
        banks = LocalBanks.create(scratch, MatchOptions.defaults());
        List<TopicChange> all = new ArrayList<>();
        for (Map.Entry<String, String> e : state.immutableEntries()) {
            all.add(TopicChange.parse(e.getKey(), e.getValue()));
        }
        banks.apply(all);
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        pending = new ArrayList<>();
        waiting = new ArrayList<>();
        seen = new HashMap<>();
        waitingState = ctx.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("mediamatch-waiting-uploads", Types.STRING));
        // every instance reads the whole signal topic: any instance's progress is every instance's
        progressState = ctx.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("mediamatch-signal-progress", Types.STRING));
        for (String u : waitingState.get()) {
            waiting.add(u);
        }
        for (String p : progressState.get()) {
            if (p.equals("ready")) {
                ready = true;
            } else {
                int colon = p.indexOf(':');
                seen.merge(Integer.parseInt(p.substring(0, colon)), Long.parseLong(p.substring(colon + 1)), Math::max);
            }
        }
        ready = ready || caughtUp();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        waitingState.update(new ArrayList<>(waiting));
        List<String> progress = new ArrayList<>();
        if (ready) {
            progress.add("ready");
        }
        seen.forEach((p, o) -> progress.add(p + ":" + o));
        progressState.update(progress);
    }

    @Override
    public void close() throws Exception {
        if (banks != null) {
            banks.close();
        }
    }
}
