package dev.kez.core.chain;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.PublicKey;
import org.jspecify.annotations.Nullable;

/**
 * What a link does: one record per op of SPEC.md §6.3, holding exactly that op's members. {@link
 * Link} is the envelope (seq, prev, key, times, signatures); switch over its {@link Link#body()} to
 * read the op's members with no op-dependent nulls.
 */
public sealed interface LinkBody {
  Op op();

  /** {@code add}: the claim, signed by the link's key. */
  record Add(Claim claim) implements LinkBody {
    public Op op() {
      return Op.ADD;
    }
  }

  /** {@code revoke}: the account whose latest add no longer counts. */
  record Revoke(Account account) implements LinkBody {
    public Op op() {
      return Op.REVOKE;
    }
  }

  /** {@code rotate}: the next primary key, which cross-signs the link ({@code new_key_sig}). */
  record Rotate(PublicKey newKey) implements LinkBody {
    public Op op() {
      return Op.ROTATE;
    }
  }

  /**
   * {@code add_device}: the device key, which cross-signs the link ({@code device_sig}), and its
   * optional name.
   */
  record AddDevice(PublicKey deviceKey, @Nullable String name) implements LinkBody {
    public Op op() {
      return Op.ADD_DEVICE;
    }
  }

  /** {@code revoke_device}: the device key that signs nothing from then on. */
  record RevokeDevice(PublicKey deviceKey) implements LinkBody {
    public Op op() {
      return Op.REVOKE_DEVICE;
    }
  }
}
