package dev.kez.cli.verify.id;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.Endpoint;
import dev.kez.channels.config.Endpoints;
import dev.kez.channels.evidence.EvidenceStore;
import dev.kez.channels.graph.GraphDiagram;
import dev.kez.channels.graph.GraphJson;
import dev.kez.channels.graph.GraphSvg;
import dev.kez.channels.graph.GraphText;
import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityVerifier;
import dev.kez.cli.Converters;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Inputs;
import dev.kez.cli.KezCommand;
import dev.kez.cli.NetworkOptions;
import dev.kez.cli.server.SigServers;
import dev.kez.core.claim.Account;
import dev.kez.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez verify id}: one account in, the whole identity graph out. */
@Command(
    name = "id",
    header = "Verify an account online and draw the identity it belongs to.",
    description = {
      "%nFetches the account's proof from its own channel and checks it (signature, account,",
      "expiry), takes its key, fetches that key's sigchain (--chain files, --chain-server",
      "URLs, a kez-sigchain.jsonl gist of a github account in the chain), checks the chain",
      "(every link, forks between sources), then verifies every account the chain lists on its",
      "own channel, concurrently, each within --timeout. Prints every key, device and account",
      "with its status: valid, revoked, expired, unreachable, fork, invalid or not_found.",
      "%nExit code 0 only when the asked-for account is valid; 3 when it could not be reached.",
      "%nEndpoints (--endpoint KEY=URL, env KEZ_<KEY>, KEZ_HOME/config, default):"
    },
    modelTransformer = VerifyIdCommand.EndpointKeys.class,
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez verify id github:alice",
      "  kez verify id mastodon:@alice@social.example --json",
      "  kez verify id bluesky:alice.example --chain-server https://sig.example",
      "  kez verify id github:alice --svg alice.svg",
      "  kez verify id github:alice --save-evidence audit; kez verify evidence audit"
    })
public final class VerifyIdCommand extends KezCommand {
  /** The endpoint keys the help lists are the ones the channels declare. */
  static final class EndpointKeys implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
      lines.add(
          "  " + String.join(", ", Endpoints.KEYS.stream().map(Endpoint::key).toList()) + ".");
      spec.usageMessage().description(lines.toArray(String[]::new));
      return spec;
    }
  }

  @Parameters(
      paramLabel = "ACCOUNT",
      description = "<channel>:<id>, e.g. github:alice, dns:example.com, ap:alice@host.")
  Account account;

  static final class Format {
    @Option(names = "--json", description = "Print the stable JSON result.")
    boolean json;

    @Option(names = "--dot", description = "Print a Graphviz DOT graph.")
    boolean dot;

    @Option(names = "--mermaid", description = "Print a Mermaid graph.")
    boolean mermaid;

    @Option(
        names = "--svg",
        paramLabel = "FILE",
        description = "Write an SVG drawing to FILE (and the table to stdout).")
    @Nullable Path svg;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Format format = new Format();

  @Option(
      names = "--chain",
      paramLabel = "FILE",
      description = "A sigchain bundle (JSONL); repeatable.")
  List<Path> chains = new ArrayList<>();

  @Option(
      names = "--chain-server",
      paramLabel = "URL",
      converter = Converters.HttpUrl.class,
      description =
          "A sig-server to fetch the chain from; repeatable (default: sigserver.urls in KEZ_HOME/config).")
  List<String> chainServers = new ArrayList<>();

  @Mixin NetworkOptions network = new NetworkOptions();

  @Option(
      names = "--save-evidence",
      paramLabel = "DIR",
      description = "Keep every fetched response and the result in DIR.")
  @Nullable Path evidence;

  @Option(
      names = "--now",
      paramLabel = "UNIX",
      description = "Judge expiry at this time (unix seconds; default: now).")
  @Nullable Long now;

  /**
   * The --chain-server options, else the sig-servers of KEZ_HOME/config ({@code sigserver.urls}),
   * the ones {@code kez sigchain publish} writes to.
   */
  private List<String> servers() {
    if (!chainServers.isEmpty()) return chainServers;
    try {
      return SigServers.resolve(null, kez().homeDir()).stream().map(URI::toString).toList();
    } catch (IllegalArgumentException e) {
      throw usage(
          SigServers.KEY
              + " in "
              + kez().homeDir().resolve(SigServers.CONFIG)
              + ": "
              + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    Instant at = now != null ? Instant.ofEpochSecond(now) : kez().clock().instant();
    for (Path c : chains) if (!Files.isRegularFile(c)) throw usage("no such chain file: " + c);
    ChannelContext ctx = network.context(kez());
    Progress progress = new Progress(err(), kez().colourTerminal());
    IdentityGraph g;
    try {
      g =
          IdentityVerifier.of(kez().plugins())
              .verify(account, new IdentityVerifier.Options(ctx, chains, servers(), at, progress));
    } finally {
      progress.clear();
    }
    if (evidence != null) {
      try {
        EvidenceStore.save(evidence, g);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot save evidence in " + evidence + ": " + Inputs.describe(e), e);
      }
    }
    if (format.json) printJson(GraphJson.of(g));
    else if (format.dot) out().print(GraphDiagram.dot(g));
    else if (format.mermaid) out().print(GraphDiagram.mermaid(g));
    else {
      if (format.svg != null) write(format.svg, GraphSvg.render(g));
      out().print(GraphText.render(g, kez().colourTerminal()));
    }
    out().flush();
    return ExitCode.of(g.verdict());
  }

  /** The SVG is a picture to share, not a secret: mode 0644. */
  private static void write(Path target, String text) {
    try {
      AtomicFiles.write(
          target,
          text.getBytes(StandardCharsets.UTF_8),
          PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + Inputs.describe(e), e);
    }
  }

  /** One line on stderr, rewritten in place, only on a terminal. */
  static final class Progress implements Consumer<String> {
    private final java.io.PrintWriter err;
    private final boolean on;
    private int width;

    Progress(java.io.PrintWriter err, boolean on) {
      this.err = err;
      this.on = on;
    }

    @Override
    public synchronized void accept(String s) {
      if (!on) return;
      String line = "kez: " + (s.length() > 100 ? s.substring(0, 100) : s);
      err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      err.flush();
      width = line.length();
    }

    synchronized void clear() {
      if (on && width > 0) {
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
      }
    }
  }
}
