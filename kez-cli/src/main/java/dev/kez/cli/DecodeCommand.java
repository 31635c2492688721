package dev.kez.cli;

import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez decode}: show what a proof says, whatever its encoding. */
@Command(
    name = "decode",
    header = "Show the claim inside a proof and the encoding it came in.",
    description = {
      "%nReads a proof in any encoding from FILE or standard input (-) and prints the encoding "
          + "(json, compact, md or dns) and the claim as JSON, its members in one order: kez, type, key, "
          + "account, times, note, any others, sig. Checks the form only: use kez verify "
          + "claim to check the signature and expiry."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  echo kez:z1:KLUv_… | kez decode -",
      "  kez decode kez.md --json | jq .claim.account"
    })
public final class DecodeCommand extends KezCommand {
  @Parameters(paramLabel = "FILE", description = "The proof, or - for standard input.")
  String file;

  @Option(names = "--json", description = "Print {\"encoding\", \"claim\"}.")
  boolean json;

  @Override
  public Integer call() {
    var decoded = ClaimCodec.decode(readInput(file));
    if (json) {
      var o = Json.newObject().put("encoding", decoded.encoding().wireName());
      o.set(
          "claim",
          Json.parse(
              ClaimCodec.encode(
                  decoded.claim(),
                  Encoding.JSON))); // the members in the order printed without --json
      printJson(o);
    } else {
      out().println("encoding: " + decoded.encoding().wireName());
      out().println(ClaimCodec.encode(decoded.claim(), Encoding.JSON));
    }
    return ExitCode.OK;
  }
}
