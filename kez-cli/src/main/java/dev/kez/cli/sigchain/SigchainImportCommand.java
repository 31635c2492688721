package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain import}: merge links from a bundle into the local chain. */
@Command(
    name = "import",
    header = "Merge a sigchain bundle into your local sigchain.",
    description = {
      "%nAdds the links the local chain lacks (e.g. made on another machine). A bundle that "
          + "disagrees with the local chain at some seq is a fork: it is refused and nothing changes."
    })
final class SigchainImportCommand extends SigchainBase {
  @Parameters(paramLabel = "FILE", description = "The bundle (JSONL).")
  Path file;

  @Override
  public Integer call() {
    var incoming = ChainFiles.read(file);
    ChainStore store = store();
    Verdict v = store.merge(incoming);
    if (v.isValid()) {
      out().println(v.reason());
      return ExitCode.OK;
    }
    throw Failure.failed(
        "refused: "
            + v.reason()
            + (v.status() == Status.FORK
                ? ". The bundle and your local chain hold different links at the same seq, so one of them was made from an"
                    + " older copy. Nothing was changed. The two links:"
                : ". Nothing was changed."),
        v.evidence());
  }
}
