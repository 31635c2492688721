/**
 * Accounts (SPEC.md §3) and signed claims (SPEC.md §4): parsing, building and offline verification.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.claim;

import org.jspecify.annotations.NullMarked;
