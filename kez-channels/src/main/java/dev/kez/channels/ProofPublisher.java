package dev.kez.channels;

import dev.kez.core.claim.Claim;
import java.util.List;

/**
 * A channel on which KEZ can publish an account's proof itself, with the account's own
 * credential: the seam {@code kez publish} builds on. A channel without one leaves it to a
 * person following {@link ChannelPlugin#publishInstructions}.
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

  /** Where the proof now is, or why it is not there; with what was exchanged on the way. */
  sealed interface Outcome {
    List<Evidence> evidence();

    record Published(String location, List<Evidence> evidence) implements Outcome {
      public Published {
        evidence = List.copyOf(evidence);
      }
    }

    record Refused(String reason, boolean retryable, List<Evidence> evidence) implements Outcome {
      public Refused {
        evidence = List.copyOf(evidence);
      }
    }
  }

  /** Publishes the claim's proof for its account. Never throws on a refusal: that is an {@link Outcome}. */
  Outcome publish(Claim claim, Credential credential, ChannelContext context);
}
