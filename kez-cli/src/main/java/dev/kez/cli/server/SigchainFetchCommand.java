package dev.kez.cli.server;

import dev.kez.cli.Converters;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.cli.KezCommand;
import dev.kez.cli.Plural;
import dev.kez.cli.sigchain.ChainFiles;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Forks;
import dev.kez.core.chain.Link;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.status.Verdict;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain fetch}: get a sigchain from sig servers and merge it into the local copy. */
@Command(
    name = "fetch",
    header = "Get a sigchain from sig servers and merge it into your local copy.",
    description = {
      "%nAsks each server for the chain named by its eldest key, or for the chain holding KEY (a",
      "rotated or device key). The copies from all servers are checked against each other and",
      "against the local copy: if two hold different links at one seq, that is a fork, reported",
      "with both links, and nothing is written. Otherwise the links the local copy lacks are added.",
      "%nThe local copy is KEZ_HOME/sigchain.jsonl (your own chain, e.g. on a new machine), or FILE",
      "with --out (anyone's chain). Servers: --server, else sigserver.urls in KEZ_HOME/config."
    })
public final class SigchainFetchCommand extends KezCommand {
  @Parameters(
      paramLabel = "CHAIN|KEY",
      converter = Converters.CanonicalKey.class,
      description = "The chain's eldest key, or any key it holds.")
  PublicKey target;

  @Option(
      names = "--server",
      paramLabel = "URL",
      converter = Converters.HttpUrl.class,
      description = "A sig server (repeatable).")
  @Nullable List<String> servers;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Merge into this bundle file instead of your sigchain.")
  @Nullable Path outFile;

  @Override
  public Integer call() {
    List<URI> urls;
    try {
      urls = SigServers.resolve(servers, kez().homeDir());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (urls.isEmpty())
      throw usage(
          "no sig server: give --server URL or set sigserver.urls in "
              + kez().homeDir().resolve(SigServers.CONFIG));

    SigServerClient client = new SigServerClient();
    List<List<Link>> sources = new ArrayList<>();
    boolean unreachable = false;
    boolean failed = false;
    for (URI url : urls) {
      switch (client.fetch(url, target.encoded())) {
        case SigServerClient.Fetched.Found f -> {
          sources.add(f.links());
          out()
              .println(url + ": " + Plural.of(f.links().size(), "link") + " of chain " + f.chain());
        }
        case SigServerClient.Fetched.NotFound n -> out().println(url + ": not found");
        case SigServerClient.Fetched.Failed f -> {
          failed = true;
          out().println(url + ": failed: " + f.why());
        }
        case SigServerClient.Fetched.Unreachable u -> {
          unreachable = true;
          out().println(url + ": unreachable: " + u.why());
        }
      }
    }
    if (sources.isEmpty()) {
      out().flush();
      if (unreachable) throw Failure.unreachable("no server could be reached");
      throw Failure.failed(
          failed ? "no server gave the chain" : "no server holds " + target.encoded(), List.of());
    }
    Forks.Merged merged = Forks.merge(sources, kez().clock());
    if (!merged.verdict().isValid()) throw refused("the servers disagree", merged.verdict());

    Path file = outFile != null ? outFile : kez().homeDir().resolve("sigchain.jsonl");
    ChainStore store = ChainFiles.openLocal(file, kez().clock());
    String fetched = merged.links().get(0).key().encoded();
    String local = store.state().chain();
    if (local != null && !local.equals(fetched)) {
      throw Failure.usage(
          file
              + " holds chain "
              + local
              + ", not "
              + fetched
              + (outFile == null ? "; to keep a copy of another chain, use --out FILE" : ""));
    }
    Verdict v = store.merge(merged.links());
    if (!v.isValid()) throw refused("the servers' chain and " + file + " disagree", v);
    out().println(file + ": " + v.reason());
    out().flush();
    return ExitCode.OK; // a server that could not be reached is reported above; the merge is done
  }

  private static Failure refused(String what, Verdict v) {
    return Failure.failed(
        "refused: " + what + ": " + v.reason() + ". Nothing was changed.", v.evidence());
  }
}
