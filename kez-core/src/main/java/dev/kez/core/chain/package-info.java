/**
 * Sigchains (SPEC.md §6, §7): an identity's signed, append-only history.
 *
 * <p>The rules {@link dev.kez.core.chain.ChainVerifier} checks, link by link (SPEC.md §6.5):
 *
 * <ul>
 *   <li><b>Form.</b> The members of the link's op are required and the members of the other ops are
 *       refused ({@code device_key} belongs to add_device and revoke_device); unknown members are
 *       kept and signed over. {@code prev} is present exactly on links after the first and holds 32
 *       bytes. {@code device_name}: 1 to 64 characters.
 *   <li><b>Order.</b> {@code seq} is the previous seq + 1; {@code prev} is the previous link's
 *       hash; {@code created_at} is not before the previous link's (equal is allowed: two links
 *       made in the same second).
 *   <li><b>Authority.</b> Link 1 is signed by the eldest key, which names the chain and is primary
 *       until a rotate. After that, add and revoke are signed by the primary key or an active
 *       device key; rotate, add_device and revoke_device by the primary key only.
 *   <li><b>add:</b> the claim's key is the link's key and the claim's own signature verifies.
 *       Adding an account again replaces its claim (and makes it valid again after a revoke).
 *   <li><b>revoke:</b> revokes the account's latest add; revoking an account never added, or
 *       already revoked, is refused.
 *   <li><b>rotate:</b> {@code new_key_sig} verifies for {@code new_key}; the new key differs from
 *       the current one and is not an active device. Earlier adds stay valid.
 *   <li><b>add_device:</b> {@code device_sig} verifies for {@code device_key}; the device is not
 *       the primary key and not already active. <b>revoke_device:</b> the device is active (added,
 *       not revoked); from then on it signs nothing, and what it added stays valid.
 *   <li><b>Expiry.</b> {@code expires_at} is allowed on add and add_device only (after {@code
 *       created_at}). An add stops counting at the earlier of its own and its claim's {@code
 *       expires_at}: the account's status is then {@code expired}. A device stops being able to
 *       sign links created at or after its add's {@code expires_at}, and is no longer listed as
 *       active once the verifier's clock passes it; it can still be revoked. Whether a chain's
 *       links are valid never depends on the clock, only statuses do.
 * </ul>
 *
 * <p>Forks ({@link dev.kez.core.chain.Forks}): the links of several sources are merged by seq.
 * Where two different links are offered for one seq, each is judged against the state the sources
 * agree on: two or more that are validly signed (authority, sig, cross-signature, an add's claim)
 * are a fork; otherwise the odd one out makes the result invalid. Two different link 1s by
 * different keys are different chains (invalid). A source that is merely behind offers nothing new.
 * Dropping the last link of a lone source is undetectable by design: it is a chain that is behind.
 *
 * <p>Bundles ({@link dev.kez.core.chain.Bundle}) are read strictly (SPEC.md §7): every line must be
 * exactly the JCS of its link, in seq order, and end with "\n"; blank lines are refused.
 *
 * <p>Null-marked: every type here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.kez.core.chain;

import org.jspecify.annotations.NullMarked;
