package dev.kez.core.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.Protocol;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Json;

/**
 * Makes the next link of a chain (SPEC.md §6.3), signed, from the chain's state. Adding a device
 * whose secret key is on another machine goes through {@link DeviceEnrollment}.
 */
public final class Links {
  private Links() {}

  /** An {@code add} of a claim; the claim must be by {@code signer}. */
  public static Link add(ChainState st, Claim claim, SecretKey signer, long createdAt) {
    if (!claim.key().equals(signer.publicKey()))
      throw new IllegalArgumentException("the claim's key must be the signing key");
    ObjectNode o = unsigned(st, Op.ADD, signer.publicKey(), createdAt);
    o.set("claim", claim.toJson());
    return sign(o, signer);
  }

  public static Link revoke(ChainState st, Account account, SecretKey signer, long createdAt) {
    ObjectNode o = unsigned(st, Op.REVOKE, signer.publicKey(), createdAt);
    o.put("account", account.toString());
    return sign(o, signer);
  }

  /** A {@code rotate} to {@code next}, cross-signed by it (SPEC.md §6.4). */
  public static Link rotate(ChainState st, SecretKey current, SecretKey next, long createdAt) {
    ObjectNode o = unsigned(st, Op.ROTATE, current.publicKey(), createdAt);
    o.put("new_key", next.publicKey().encoded());
    o.put("new_key_sig", Base64Url.encode(next.sign(Signing.digest(o))));
    return sign(o, current);
  }

  /** An {@code add_device} when both keys are at hand. */
  public static Link addDevice(
      ChainState st, SecretKey primary, SecretKey device, String name, long createdAt) {
    return DeviceEnrollment.complete(
        DeviceEnrollment.signOnDevice(
            DeviceEnrollment.request(st, primary.publicKey(), device.publicKey(), name, createdAt),
            device),
        primary);
  }

  public static Link revokeDevice(
      ChainState st, SecretKey primary, PublicKey device, long createdAt) {
    ObjectNode o = unsigned(st, Op.REVOKE_DEVICE, primary.publicKey(), createdAt);
    o.put("device_key", device.encoded());
    return sign(o, primary);
  }

  static ObjectNode unsigned(ChainState st, Op op, PublicKey key, long createdAt) {
    ObjectNode o = Json.newObject();
    o.put("kez", Protocol.VERSION)
        .put("type", "link")
        .put("seq", st.length() + 1)
        .put("created_at", createdAt)
        .put("op", op.wireName())
        .put("key", key.encoded());
    if (st.head() != null) o.put("prev", st.head());
    return o;
  }

  static Link sign(ObjectNode o, SecretKey signer) {
    o.remove("sig");
    o.put("sig", Base64Url.encode(signer.sign(Signing.digest(o, "new_key_sig", "device_sig"))));
    return Link.signed(o);
  }
}
