package dev.kez.core.chain;

import dev.kez.core.claim.Claim;
import dev.kez.core.status.Status;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An account as the chain leaves it: its status ({@code VALID}, {@code REVOKED}, or {@code EXPIRED}
 * once the claim or its add link has expired), the claim of the latest {@code add}, the seq of that
 * add, and when that add stops counting (null: never).
 */
public record AccountState(Status status, Claim claim, long addedAt, @Nullable Long expiresAt) {
  public Optional<Long> expiry() {
    return Optional.ofNullable(expiresAt);
  }
}
