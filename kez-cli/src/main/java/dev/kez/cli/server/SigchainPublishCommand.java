package dev.kez.cli.server;

import dev.kez.cli.Converters;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.cli.KezCommand;
import dev.kez.cli.NetworkOptions;
import dev.kez.cli.Plural;
import dev.kez.cli.publish.ChainGists;
import dev.kez.cli.sigchain.ChainFiles;
import dev.kez.core.chain.Link;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kez sigchain publish}: push the local sigchain to sig servers. */
@Command(
    name = "publish",
    header = "Push your sigchain to sig servers (kez-sig-server) and your proof gist.",
    description = {
      "%nSends every link of KEZ_HOME/sigchain.jsonl to each server, which verifies them and keeps",
      "the ones it lacks. Reports per server: how many links were new, or that all were there",
      "already, or a fork (the server holds a different link at some seq).",
      "%nServers: the --server options, else sigserver.urls=URL,URL in KEZ_HOME/config.",
      "%nThe bundle also goes to kez-sigchain.jsonl in the proof gist of every github account the",
      "chain holds whose credential kez has (kez login github, or GITHUB_TOKEN), where 'kez verify",
      "id' reads it."
    })
public final class SigchainPublishCommand extends KezCommand {
  @Option(
      names = "--server",
      paramLabel = "URL",
      converter = Converters.HttpUrl.class,
      description = "A sig server, e.g. http://127.0.0.1:7878 (repeatable).")
  @Nullable List<String> servers;

  @Mixin NetworkOptions network = new NetworkOptions();

  @Override
  public Integer call() {
    List<URI> urls = servers();
    List<Link> links =
        ChainFiles.openLocal(kez().homeDir().resolve("sigchain.jsonl"), kez().clock()).links();
    if (links.isEmpty())
      throw Failure.local(
          "your sigchain is empty: 'kez sigchain add <account>' makes its first link");
    SigServerClient client = new SigServerClient();
    boolean failed = false;
    boolean unreachable = false;
    for (URI url : urls) {
      switch (client.publish(url, links)) {
        case SigServerClient.Published.Sent s when s.appended() == 0 ->
            out().println(url + ": already there (" + Plural.of(s.headSeq(), "link") + ")");
        case SigServerClient.Published.Sent s ->
            out()
                .println(
                    url
                        + ": "
                        + Plural.of(s.appended(), "new link")
                        + " ("
                        + Plural.of(s.headSeq(), "link")
                        + ")");
        case SigServerClient.Published.Fork f -> {
          failed = true;
          out()
              .println(
                  url
                      + ": FORK at seq "
                      + f.seq()
                      + ": the server holds a different link there; nothing was changed");
          err().println("  stored on the server: " + f.stored());
          err().println("  yours:                " + f.posted());
        }
        case SigServerClient.Published.Refused r -> {
          failed = true;
          out()
              .println(
                  url + ": refused (HTTP " + r.status() + " " + r.error() + "): " + r.detail());
        }
        case SigServerClient.Published.Unreachable u -> {
          unreachable = true;
          out().println(url + ": unreachable: " + u.why());
        }
      }
    }
    // the chain file in the proof gist of each github account the chain holds, with its credential
    // (SPEC §10.2)
    List<ChainGists.Result> gists = ChainGists.publish(kez(), links, network.context(kez()));
    for (ChainGists.Result g : gists) {
      out().println(g.line());
      failed |= g.failed();
      unreachable |= g.unreachable();
    }
    if (urls.isEmpty() && gists.isEmpty()) {
      throw usage(
          "no sig server and no proof gist to publish to: give --server URL, set sigserver.urls in "
              + kez().homeDir().resolve(SigServers.CONFIG)
              + ", or claim a github account and 'kez login github'");
    }
    out().flush();
    return failed ? ExitCode.FAILED : unreachable ? ExitCode.UNREACHABLE : ExitCode.OK;
  }

  private List<URI> servers() {
    List<URI> urls;
    try {
      urls = SigServers.resolve(servers, kez().homeDir());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return urls;
  }
}
