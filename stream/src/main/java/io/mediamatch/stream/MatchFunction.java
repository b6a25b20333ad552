package io.mediamatch.stream;

import io.mediamatch.match.MatchOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Matches uploads against the banks: each parallel instance applies the broadcast signal changes to its own
 * {@link LocalBanks}. Checkpoints hold offsets, not banks: the signal topic's offsets this instance has applied and
 * the uploads still waiting; after a restore each instance rebuilds its banks by reading the compacted signal topic
 * from its start through those offsets (the source resumes after them), so a checkpoint stays a few hundred bytes
 * whatever the banks' size. Changes are applied in one batch before the next upload, so a change matches every later
 * upload. Until an instance has read the signal topic up to its end as of the job's build (or of the restore),
 * uploads wait (in checkpointed state): an upload is never reported "no match" against half-loaded banks.
 */
final class MatchFunction extends BroadcastProcessFunction<String, SignalRow, String> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** The broadcast of the signal changes; its state stays empty (the banks are rebuilt from the topic). */
    static final MapStateDescriptor<String, String> SIGNALS =
            new MapStateDescriptor<>("mediamatch-signals", Types.STRING, Types.STRING);

    /** Per partition of the signal topic, the offset of its last record when the job was built. */
    private final HashMap<Integer, Long> startOffsets;
    /** Where the signal topic is read from after a restore; null where there is none to read (retro-scan). */
    private final String bootstrap;
    private final String signalTopic;

    private transient LocalBanks banks;
    private transient List<TopicChange> pending;
    private transient Path scratch;
    private transient boolean ready;
    private transient Map<Integer, Long> seen;
    private transient List<String> waiting;
    private transient ListState<String> waitingState;
    private transient ListState<String> progressState;
    /** The offsets a restore must rebuild the banks through (null: not restored), then the catch-up target. */
    private transient Map<Integer, Long> restoredThrough;
    private transient Map<Integer, Long> target;

    MatchFunction(Map<Integer, Long> startOffsets, String bootstrap, String signalTopic) {
        this.startOffsets = new HashMap<>(startOffsets);
        this.bootstrap = bootstrap;
        this.signalTopic = signalTopic;
    }

    @Override
    public void processElement(String upload, ReadOnlyContext ctx, Collector<String> out) throws Exception {
        load();
        if (!ready) {
            waiting.add(upload);
            return;
        }
        matchWaiting(out);
        out.collect(UploadMatching.match(upload, banks.matcher(), scratch));
    }

    @Override
    public void processBroadcastElement(SignalRow row, Context ctx, Collector<String> out) throws Exception {
        load();
        seen.merge(row.partition, row.offset, Math::max);
        if (!row.key.isEmpty()) {
            try {
                pending.add(TopicChange.parse(row.key, row.value));
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
        for (Map.Entry<Integer, Long> e : target.entrySet()) {
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

    /**
     * Creates this instance's banks on first use; after a restore, from the signal topic's records through the
     * restored offsets, and then waits for the topic's end as it is now (what changed during the outage).
     */
    private void load() throws Exception {
        if (banks != null) {
            return;
        }
        scratch = Path.of(System.getProperty("java.io.tmpdir"), "mediamatch-stream");
        banks = LocalBanks.create(scratch, MatchOptions.defaults());
        if (restoredThrough == null) {
            return;
        }
        if (bootstrap == null) {
            throw new IllegalStateException("restored without a signal topic to rebuild the banks from");
        }
        List<TopicChange> all = new ArrayList<>();
        TopicTail.readThrough(bootstrap, signalTopic, restoredThrough, r -> {
            if (r.key() != null && r.key().length > 0) {
                try {
                    all.add(TopicChange.parse(new String(r.key(), StandardCharsets.UTF_8),
                            r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)));
                } catch (BadRecordException e) {
                    // skipped, as when it first arrived
                }
            }
        });
        banks.apply(all);
        TopicTail.read(bootstrap, signalTopic, r -> target.merge(r.partition(), r.offset(), Math::max));
        restoredThrough = null;
        ready = caughtUp();
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        pending = new ArrayList<>();
        waiting = new ArrayList<>();
        seen = new HashMap<>();
        target = new HashMap<>(startOffsets);
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
        if (ctx.isRestored() && !seen.isEmpty()) {
            restoredThrough = new HashMap<>(seen);
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
