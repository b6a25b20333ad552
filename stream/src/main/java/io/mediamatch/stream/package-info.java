/**
 * Matching on Apache Flink over Kafka: uploads come in from a topic, match records go out to one, and the banks
 * are kept current from a topic of signal changes that {@link io.mediamatch.stream.SignalPublisher} fills from a
 * store's change feed. {@link io.mediamatch.stream.LocalBroker} is a single-node Kafka for trying it and for tests.
 *
 * <p>All hashing and matching is core's; this package only moves records.
 */
package io.mediamatch.stream;
