/**
 * KEZ core: the protocol of SPEC.md as a library (claims, sigchains, keys, encodings, statuses),
 * with no network access.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core;

import org.jspecify.annotations.NullMarked;
