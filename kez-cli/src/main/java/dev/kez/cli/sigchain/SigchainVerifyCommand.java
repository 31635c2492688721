package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.Forks;
import dev.kez.core.chain.Link;
import dev.kez.core.status.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain verify}: replay one chain from one or more copies. */
@Command(
    name = "verify",
    header = "Verify a sigchain bundle; several files are several copies of one chain.",
    description = {
      "%nReplays every link and checks every rule. Given several files (copies from different "
          + "places), reports a fork when two copies hold different valid links at one seq; a copy that"
          + " is merely behind is fine. Exit 0 when valid, 1 otherwise."
    })
final class SigchainVerifyCommand extends SigchainBase {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Bundle files (JSONL).")
  List<Path> files;

  @Option(
      names = "--json",
      description =
          "Print {\"status\", \"chain\", \"primary_key\", \"head\", \"length\", \"active_devices\", \"accounts\"}.")
  boolean json;

  @Override
  public Integer call() {
    List<List<Link>> sources = new ArrayList<>();
    Forks.Merged merged = null;
    for (Path f : files) {
      if (!Files.exists(f)) throw usage("no such file: " + f);
      try {
        sources.add(ChainFiles.read(f));
      } catch (MalformedException e) { // a chain with a malformed link is an invalid chain
        merged = new Forks.Merged(Verdict.invalid(e.getMessage()), null, List.of());
      }
    }
    if (merged == null) merged = Forks.merge(sources, kez().clock());
    Verdict v = merged.verdict();
    if (json) {
      printJson(StateJson.of(v, merged.state()));
    } else {
      out().println(v.status().wireName() + ": " + v.reason());
      if (merged.state() != null) {
        merged.state().accounts().entrySet().stream()
            .sorted((a, b) -> a.getKey().toString().compareTo(b.getKey().toString()))
            .forEach(
                e -> out().println("  " + e.getKey() + "  " + e.getValue().status().wireName()));
        merged.state().activeDevices().forEach(d -> out().println("  device " + d));
      }
      v.evidence().stream().filter(e -> !v.isValid()).forEach(e -> out().println("  " + e));
    }
    return ExitCode.of(v);
  }
}
