package dev.pulseboard.query;

/** Prometheus' answer as received: status, content type and body are passed through to the caller unchanged. */
public record PrometheusReply(int status, String contentType, byte[] body) {}
