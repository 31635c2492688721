package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.core.chain.Bundle;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code kez sigchain export}: the bundle, byte for byte, on standard output. */
@Command(
    name = "export",
    header = "Print your sigchain as a JSONL bundle (one canonical link per line).")
final class SigchainExportCommand extends SigchainBase {
  @Override
  public Integer call() throws IOException {
    Bundle.write(store().links(), out());
    return ExitCode.OK;
  }
}
