package dev.pulseboard.gateway.ingest.validation;

/** One refused sample of a request: its position in the request, the stable error id and a message. */
public record SampleError(int index, String id, String message) {}
