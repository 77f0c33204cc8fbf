package dev.pulseboard.gateway.ingest.validation;

import dev.pulseboard.contract.wire.v1.Sample;
import java.util.List;

/** Outcome of screening one request: the samples to write and the refused ones, by request index. */
public record Screened(List<Sample> accepted, List<SampleError> errors) {}
