/**
 * Keys, signatures and digests (SPEC.md §2): Ed25519 and BIP-340 Schnorr over vetted libraries,
 * base64url, bech32, SHA-256.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.crypto;

import org.jspecify.annotations.NullMarked;
