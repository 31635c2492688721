package dev.kez.channels.http;

import dev.kez.core.MalformedException;
import dev.kez.core.claim.Claim;

/** Bridge to kez-core's compact codec (wire.md §4.2); swapped for ClaimCodec once it lands. */
final class CompactCodec {
  private CompactCodec() {}

  static Claim decode(String compact) {
    throw new MalformedException("malformed claim: compact form not supported by this build");
  }
}
