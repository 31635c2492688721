package dev.kez.cli.publish;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.cli.Kez;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.claim.Account;
import dev.kez.core.status.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code kez sigchain publish}'s second half: the bundle as a chain file on each hosting account of
 * the chain (SPEC §10.2, §11).
 */
public final class ChainGists {
  /** One account's answer, as a line of output. */
  public record Result(String line, boolean failed, boolean unreachable) {}

  private ChainGists() {}

  public static List<Result> publish(Kez kez, List<Link> links, ChannelContext ctx) {
    String bundle = Bundle.toString(links);
    Credentials credentials = new Credentials(kez.homeDir(), kez.env());
    List<Result> out = new ArrayList<>();
    if (!(ChainVerifier.verify(links.iterator(), kez.clock())
        instanceof ChainResult.Verified(var state))) return out;
    for (var e : state.accounts().entrySet()) {
      Account a = e.getKey();
      ChannelPlugin plugin = ChannelPlugin.of(a.channel(), kez.env());
      Optional<ProofPublisher> publisher = plugin.chainFileHost().flatMap(h -> plugin.publisher());
      Optional<Credentials.Found> credential = credentials.find(a);
      if (e.getValue().status() != Status.VALID || publisher.isEmpty() || credential.isEmpty())
        continue;
      Outcome o =
          publisher
              .get()
              .publishChain(
                  a, bundle, new ProofPublisher.Credential(credential.get().secret()), ctx, false);
      out.add(
          switch (o) {
            case Outcome.Published p -> new Result(a + ": " + p.location(), false, false);
            case Outcome.Refused r ->
                new Result(
                    a
                        + ": refused: "
                        + r.reason()
                        + (r.credentialRejected()
                            ? "; renew the credential: " + credential.get().renew(a.channel())
                            : ""),
                    !r.retryable(),
                    r.retryable());
            case Outcome.Planned p ->
                new Result(a + ": " + String.join("\n", p.requests()), false, false);
          });
    }
    return out;
  }
}
