/**
 * The four encodings of a claim (SPEC.md §5): JSON, compact, Markdown fence and DNS TXT, and the
 * channel size limits.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.encoding;

import org.jspecify.annotations.NullMarked;
