package dev.kez.channels;

import java.time.Instant;

/** One raw response as fetched: where from, when, its SHA-256 (hex) and body. */
public record Evidence(
    String url, Instant fetchedAt, int status, String contentType, String sha256, byte[] body) {}
