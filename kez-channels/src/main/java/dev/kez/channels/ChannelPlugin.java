package dev.kez.channels;

import dev.kez.channels.ap.ActivityPubChannel;
import dev.kez.channels.bluesky.BlueskyChannel;
import dev.kez.channels.dns.DnsChannel;
import dev.kez.channels.github.GitHubChannel;
import dev.kez.channels.nostr.NostrChannel;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything KEZ knows about one channel (SPEC §10), in one class per channel: where an account's
 * proof lives and how to fetch it, how large a proof may be and in which encodings it is published,
 * the endpoints it reads, and what more it can do (host a chain file, publish a proof). The channel
 * set is closed by the spec, so {@link #of} is an exhaustive switch: a new channel does not compile
 * until it has a plugin.
 *
 * <p>Adding a channel touches three files: its name and account syntax in {@link Account.Channel}
 * (SPEC §3), one class implementing this interface in a package of its own (SPEC §10), and its case
 * in {@link #of}. Everything else (the size warning and encoding of {@code kez claim}, endpoint
 * keys and their help, chain sources of {@code verify id}) asks the plugin.
 */
public interface ChannelPlugin {
  /** The channel this plugin serves. */
  Account.Channel channel();

  /**
   * Locates and fetches the account's proof. Never throws on hostile or missing data: every outcome
   * is a {@link ProofLookup} (found claims with their evidence, or a typed failure). The account
   * name is taken from the platform's own answer, never from the claim alone.
   */
  ProofLookup fetch(Account account, ChannelContext context);

  /** The most text a proof may take on this channel. */
  SizeLimit limit();

  /**
   * The encodings this channel takes, best first (SPEC §5): unless a channel has a form of its own,
   * JSON, which is shorter than compact unless a long note compresses well (signatures and keys do
   * not), then compact.
   */
  default List<Encoding> encodings() {
    return List.of(Encoding.JSON, Encoding.COMPACT);
  }

  /**
   * Human instructions: where and how to publish this claim for this account, naming the proof as
   * it was printed ({@code encoding}, e.g. {@link Encoding#proofName}), so the words match what the
   * person holds.
   */
  String publishInstructions(Account account, Claim claim, Encoding encoding);

  /** The endpoints this channel reads from its {@link ChannelContext}, with their defaults. */
  default List<Endpoint> endpoints() {
    return List.of();
  }

  /** Whether this channel also hosts sigchain files (SPEC §11 step 3); most do not. */
  default Optional<ChainFileHost> chainFileHost() {
    return Optional.empty();
  }

  /** Whether KEZ can publish a proof here itself, given the account's credential. */
  default Optional<ProofPublisher> publisher() {
    return Optional.empty();
  }

  /**
   * The claim in that encoding as published here: {@link ClaimCodec#encode(Claim, Encoding)},
   * except that JSON is one line (its JCS) where characters are counted, not bytes; indentation
   * costs a typical claim 25-35 characters there.
   */
  default String proofText(Claim claim, Encoding encoding) {
    return encoding == Encoding.JSON && limit().unit() != SizeLimit.Unit.BYTES
        ? claim.canonicalJson()
        : ClaimCodec.encode(claim, encoding);
  }

  /** The size of the claim in that encoding as published here, in {@link #limit()}'s unit. */
  default int size(Claim claim, Encoding encoding) {
    return limit().unit().count(proofText(claim, encoding));
  }

  default boolean fits(Claim claim, Encoding encoding) {
    return size(claim, encoding) <= limit().max();
  }

  /**
   * The first of {@link #encodings()} that fits the limit, else the smallest (the caller warns).
   */
  default Encoding preferredEncoding(Claim claim) {
    for (Encoding e : encodings()) if (fits(claim, e)) return e;
    return encodings().stream().min(Comparator.comparingInt(e -> size(claim, e))).orElseThrow();
  }

  /** A new plugin for the channel, configured from this process's environment. */
  static ChannelPlugin of(Account.Channel channel) {
    return of(channel, System.getenv());
  }

  /**
   * A new plugin for the channel, configured from {@code env} (GitHub's token), so a caller that
   * owns the environment, such as the CLI's context, controls it. Plugins may keep state for one
   * verification run (GitHub remembers its gist listings), so each run takes fresh ones.
   */
  static ChannelPlugin of(Account.Channel channel, Map<String, String> env) {
    return switch (channel) {
      case DNS -> new DnsChannel();
      case GITHUB -> new GitHubChannel(env.get(GitHubChannel.TOKEN_VARIABLE));
      case NOSTR -> new NostrChannel();
      case BLUESKY -> new BlueskyChannel();
      case AP -> new ActivityPubChannel();
    };
  }

  /**
   * A new plugin for every channel, in the order of {@link Account.Channel}, configured from this
   * process's environment.
   */
  static List<ChannelPlugin> all() {
    return all(System.getenv());
  }

  /**
   * A new plugin for every channel, in the order of {@link Account.Channel}, configured from {@code
   * env}.
   */
  static List<ChannelPlugin> all(Map<String, String> env) {
    return Arrays.stream(Account.Channel.values()).map(c -> of(c, env)).toList();
  }
}
