package dev.pulseboard.contract.wire;

/** Kafka topic names of the data plane (names kept from the reference design). */
public final class Topics {
    /** Raw samples from the gateway: value = framed {@code SampleBatch}, key = {@link RecordKeys#of}. */
    public static final String METRICS_RAW = "metrics-raw";
    /** Window aggregates from the pipeline: value = framed {@code AggregateBatch}. */
    public static final String METRICS_AGG = "metrics-agg";
    /** Anomaly alerts from the pipeline: value = framed {@code AnomalyAlert}, key = tenant. */
    public static final String ALERTS = "alerts";

    private Topics() {}
}
