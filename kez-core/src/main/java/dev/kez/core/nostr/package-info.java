/**
 * Nostr events (NIP-01) as KEZ reads and signs them (SPEC.md §10.3).
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.nostr;

import org.jspecify.annotations.NullMarked;
