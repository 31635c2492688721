package dev.kez.channels;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.Encoding;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * One channel's knowledge: where an account's proof lives, how to fetch it, and where a
 * person publishes one. Plugins are found with {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/dev.kez.channels.ChannelPlugin}; a new channel is a new class.
 */
public interface ChannelPlugin {
  /** The channel this plugin serves. */
  Account.Channel channel();

  /**
   * Locates and fetches the account's proof. Never throws on hostile or missing data: every
   * outcome is a {@link ProofLookup} (found claims with their evidence, or a typed failure).
   * The account name is taken from the platform's own answer, never from the claim alone.
   */
  ProofLookup fetch(Account account, ChannelContext context);

  /**
   * Human instructions: where and how to publish this claim for this account, naming the proof
   * as it was printed ({@code encoding}), so the words match what the person holds.
   */
  String publishInstructions(Account account, Claim claim, Encoding encoding);

  /** The plugins on the class path ({@code META-INF/services}). */
  static List<ChannelPlugin> installed() {
    return ServiceLoader.load(ChannelPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  /** The installed plugin for a channel, if any. */
  static Optional<ChannelPlugin> forChannel(Account.Channel channel) {
    return installed().stream().filter(p -> p.channel() == channel).findFirst();
  }
}
