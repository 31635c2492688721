package dev.kez.core.crypto;

import dev.kez.core.MalformedException;
import fr.acinq.secp256k1.Secp256k1;
import java.util.Arrays;
import java.util.HexFormat;

/** An x-only secp256k1 public key (BIP-340), written as a NIP-19 npub. */
public final class NostrPublicKey implements PublicKey {
  private final byte[] x;
  private final String npub;

  private NostrPublicKey(byte[] x) {
    this.x = x;
    this.npub = Bech32.encode("npub", x);
  }

  public static NostrPublicKey of(byte[] xOnly) {
    if (xOnly.length != 32)
      throw new MalformedException("malformed nostr key: expected 32 bytes, got " + xOnly.length);
    return new NostrPublicKey(xOnly.clone());
  }

  public static NostrPublicKey fromHex(String hex) {
    try {
      return of(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new MalformedException("malformed nostr key: not hex");
    }
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.NOSTR;
  }

  @Override
  public byte[] bytes() {
    return x.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(x);
  }

  @Override
  public String encoded() {
    return npub;
  }

  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != 64 || message == null) return false;
    try {
      return Secp256k1.Companion.get().verifySchnorr(signature, message, x);
    } catch (
        RuntimeException e) { // libsecp256k1's wrapper throws on keys that are not on the curve
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NostrPublicKey k && Arrays.equals(x, k.x);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(x);
  }

  @Override
  public String toString() {
    return npub;
  }
}
