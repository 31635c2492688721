package dev.kez.cli.verify.id;

import dev.kez.channels.evidence.EvidenceCheck;
import dev.kez.channels.graph.GraphJson;
import dev.kez.channels.graph.GraphText;
import dev.kez.cli.ExitCode;
import dev.kez.cli.KezCommand;
import dev.kez.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez verify evidence DIR}: a saved verification judged again, offline. */
@Command(
    name = "evidence",
    header = "Re-check saved evidence offline: what was true when it was fetched.",
    description = {
      "%nReads a directory written by 'kez verify id … --save-evidence DIR', checks every saved",
      "response against its recorded SHA-256, verifies every claim signature and the chain",
      "again without any network, judging expiry at the time of the fetch, and compares the",
      "outcome with the recorded result.",
      "%nExit code 0 when the evidence is intact, agrees with the record, and the account was",
      "valid then; 1 otherwise."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  kez verify evidence ./audit", "  kez verify evidence ./audit --json"})
public final class VerifyEvidenceCommand extends KezCommand {
  @Parameters(paramLabel = "DIR", description = "A directory written by --save-evidence.")
  Path dir;

  @Option(
      names = "--json",
      description = "Print {\"status\", \"intact\", \"problems\", \"result\"}.")
  boolean json;

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) throw usage("no such directory: " + dir);
    EvidenceCheck.Report r = EvidenceCheck.check(dir);
    boolean intact = r.problems().isEmpty();
    if (json) {
      var o =
          Json.newObject()
              .put("status", r.graph().verdict().status().wireName())
              .put("intact", intact);
      var p = o.putArray("problems");
      r.problems().forEach(p::add);
      o.set("result", GraphJson.of(r.graph()));
      printJson(o);
    } else {
      out().println("as of " + r.graph().checkedAt() + " (re-checked offline):");
      out().print(GraphText.render(r.graph(), kez().colourTerminal()));
      out().println();
      if (intact)
        out().println("evidence intact: every response matches its SHA-256 and the record agrees");
      else r.problems().forEach(s -> out().println("PROBLEM: " + s));
      out().flush();
    }
    return intact ? ExitCode.of(r.graph().verdict()) : ExitCode.FAILED;
  }
}
