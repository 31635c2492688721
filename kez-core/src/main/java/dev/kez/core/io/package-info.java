/**
 * Byte-level helpers every module shares: crash-safe file writes, strict UTF-8.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.io;

import org.jspecify.annotations.NullMarked;
