package io.mediamatch.store;

/** Receives raw signal rows during a bulk scan ({@link SignalStore#scan}); {@code value} is the stored bytes. */
@FunctionalInterface
public interface SignalRowVisitor {
    void visit(long id, long bankId, byte[] value, SignalStatus status);
}
