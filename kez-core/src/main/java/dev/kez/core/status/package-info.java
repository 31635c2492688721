/**
 * The verification statuses and verdicts of SPEC.md §8.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.status;

import org.jspecify.annotations.NullMarked;
