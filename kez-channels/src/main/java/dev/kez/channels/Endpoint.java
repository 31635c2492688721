package dev.kez.channels;

import org.jspecify.annotations.Nullable;

/**
 * One configurable network endpoint of a channel (SPEC §10: every endpoint is configurable, for
 * mirrors and loopback doubles), keyed {@code <CHANNEL>_<NAME>}; how a key is set is {@link
 * dev.kez.channels.config.Endpoints}'s business.
 *
 * @param defaultValue null: unset unless configured (the channel then uses the account's own host)
 */
public record Endpoint(String key, @Nullable String defaultValue, String description) {}
