package dev.kez.channels;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A channel on which KEZ can publish an account's proof itself, with the account's own credential:
 * the seam {@code kez publish} builds on. A channel without one leaves it to a person following
 * {@link ChannelPlugin#publishInstructions}. Implementations send every secret only to the origin
 * it belongs to ({@link dev.kez.channels.http.Credential}) and never put it in an {@link Outcome}.
 */
public interface ProofPublisher {
  /** What the account's owner lends for publishing: an nsec, an API token, an app password. */
  record Credential(String secret) {
    /** Secrets never reach logs, errors or output. */
    @Override
    public String toString() {
      return "Credential[redacted]";
    }
  }

  /**
   * One publication asked for. {@code dryRun}: read what is needed to plan, write nothing, and
   * answer {@link Outcome.Planned} with the writes it would make. {@code chainBundle}: the
   * identity's sigchain (JSONL) to publish beside the proof where the channel hosts one ({@link
   * ChainFileHost}); null leaves any published copy as it is. {@code where}: a place the channel
   * offers besides its default ({@code profile}: the profile rather than a post), null for the
   * default.
   */
  record Request(
      Claim claim,
      Encoding encoding,
      Credential credential,
      ChannelContext context,
      boolean dryRun,
      @Nullable String chainBundle,
      @Nullable String where) {
    public Request(
        Claim claim,
        Encoding encoding,
        Credential credential,
        ChannelContext context,
        boolean dryRun,
        @Nullable String chainBundle) {
      this(claim, encoding, credential, context, dryRun, chainBundle, null);
    }
  }

  /** Where the proof now is, or why it is not there; with what was exchanged on the way. */
  sealed interface Outcome {
    List<Evidence> evidence();

    /**
     * Done: {@code location} is the URL or record written; {@code report} says what each place
     * answered.
     */
    record Published(String location, List<String> report, List<Evidence> evidence)
        implements Outcome {
      public Published {
        report = List.copyOf(report);
        evidence = List.copyOf(evidence);
      }

      public Published(String location, List<Evidence> evidence) {
        this(location, List.of(), evidence);
      }
    }

    /** A dry run: the exact writes it would make, credentials masked. */
    record Planned(List<String> requests, List<Evidence> evidence) implements Outcome {
      public Planned {
        requests = List.copyOf(requests);
        evidence = List.copyOf(evidence);
      }
    }

    /**
     * Not done. {@code credentialRejected}: the service refused the credential (HTTP 401/403, a
     * refused login), so the reason names which one to renew. Nothing was changed unless the reason
     * says what was.
     */
    record Refused(
        String reason, boolean retryable, boolean credentialRejected, List<Evidence> evidence)
        implements Outcome {
      public Refused {
        evidence = List.copyOf(evidence);
      }

      public Refused(String reason, boolean retryable, List<Evidence> evidence) {
        this(reason, retryable, false, evidence);
      }

      /**
       * This refusal met after the writes in {@code done}: the reason ends by saying what was
       * changed and left so, or that nothing was.
       */
      public Refused after(List<String> done, List<Evidence> evidence) {
        return new Refused(
            reason
                + (done.isEmpty()
                    ? "; nothing was changed"
                    : "; changed before that, and left so: " + String.join(", ", done)),
            retryable,
            credentialRejected,
            evidence);
      }

      /**
       * A request that failed on the way (policy, network, size): retryable when the fetch said so.
       */
      public static Refused of(dev.kez.channels.http.FetchException e, List<Evidence> evidence) {
        return new Refused(
            e.verdict().reason(),
            e.verdict() instanceof dev.kez.core.status.Verdict.Unreachable u && u.retryable(),
            false,
            evidence);
      }
    }
  }

  /**
   * Publishes the claim's proof for its account, replacing an earlier one. Never throws on a
   * refusal: that is an {@link Outcome}.
   */
  Outcome publish(Request request);

  /**
   * The changes that publish {@code req}'s proof where proofs are posts (SPEC §10.4, §10.5), given
   * the account's {@code posts} that hold claims for it ({@code claims} of each): the proof goes to
   * the profile ({@code where = "profile"}), or the post already holding this very claim stays
   * (publishing again changes nothing), or the proof is posted; then every other proof post goes,
   * once the new proof is up (one proof, never none in between).
   */
  static <P, C, E extends Exception> List<C> replacePosts(
      Request req,
      List<P> posts,
      Function<P, List<Claim>> claims,
      Step<C, E> toProfile,
      Supplier<C> post,
      Function<P, C> keep,
      Function<P, C> deleteEarlier)
      throws E {
    boolean profile = "profile".equals(req.where());
    @Nullable P kept =
        profile
            ? null
            : posts.stream()
                .filter(p -> claims.apply(p).contains(req.claim()))
                .findFirst()
                .orElse(null);
    List<C> changes = new ArrayList<>();
    changes.add(profile ? toProfile.get() : kept == null ? post.get() : keep.apply(kept));
    for (P p : posts) if (p != kept) changes.add(deleteEarlier.apply(p));
    return changes;
  }

  /** A change to make that may be refused ({@code E}). */
  interface Step<C, E extends Exception> {
    C get() throws E;
  }

  /**
   * Removes (or, where the channel cannot remove, replaces with nothing) the account's published
   * proof; {@code chainBundle} as in {@link Request}. {@link Outcome.Published}'s location names
   * what was removed.
   */
  Outcome unpublish(
      Account account,
      Credential credential,
      ChannelContext context,
      boolean dryRun,
      @Nullable String chainBundle);

  /**
   * Publishes only the sigchain bundle beside the account's proof ({@code kez sigchain publish});
   * channels that host no chain file refuse.
   */
  default Outcome publishChain(
      Account account,
      String chainBundle,
      Credential credential,
      ChannelContext context,
      boolean dryRun) {
    return new Outcome.Refused(
        account.channel().prefix() + " hosts no sigchain file", false, List.of());
  }
}
