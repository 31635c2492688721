/**
 * The local key store: encrypted secret keys on disk, passphrases, file modes.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.keystore;

import org.jspecify.annotations.NullMarked;
