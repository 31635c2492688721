package dev.kez.core.keystore;

import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.PublicKey;
import java.nio.file.Path;

/** What a key file says without unlocking it: suite, public key, whether a passphrase guards it. */
public record StoredKey(Algorithm algorithm, PublicKey publicKey, boolean encrypted, Path file) {}
