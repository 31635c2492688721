/**
 * Strict JSON reading and RFC 8785 canonicalization (SPEC.md §1.2, §1.3).
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.json;

import org.jspecify.annotations.NullMarked;
