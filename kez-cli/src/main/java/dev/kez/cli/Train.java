package dev.kez.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of {@code ./kez}'s class-data archive: after the jar changed, {@code ./kez} runs
 * this once with {@code -XX:ArchiveClassesAtExit}, so the archive holds the classes of the commands
 * a script runs most (verify claim and decode of a nostr and an Ed25519 claim in each encoding,
 * sigchain verify, help, version, a typo), not only those of whichever command came first (issue
 * 16). Its argument is the vectors folder (testdata/vectors); what the commands print is dropped,
 * and none of them writes to KEZ_HOME.
 */
public final class Train {
  private Train() {}

  public static void main(String[] args) throws IOException {
    Path vectors = Path.of(args[0]);
    Path tmp = Files.createTempDirectory("kez-train");
    List<String[]> lines = new ArrayList<>();
    int n = 0;
    for (JsonNode v : Json.parse(Files.readString(vectors.resolve("claims.json"))).get("valid")) {
      for (var e : v.get("encodings").properties()) {
        if (!e.getValue().isTextual()) continue;
        Path f = Files.writeString(tmp.resolve("c" + n++), e.getValue().textValue());
        lines.add(new String[] {"verify", "claim", f.toString()});
        lines.add(new String[] {"verify", "claim", f.toString(), "--json"});
        lines.add(new String[] {"decode", f.toString()});
        lines.add(new String[] {"decode", f.toString(), "--json"});
      }
    }
    for (String chain : List.of("chain-valid.jsonl", "chain-fork.jsonl"))
      lines.add(new String[] {"sigchain", "verify", vectors.resolve(chain).toString()});
    lines.add(new String[] {"--help"});
    lines.add(new String[] {"--version"});
    lines.add(new String[] {"verfy", "claim", "x"});
    lines.add(new String[] {"verify", "claim", "--help"});
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    for (String[] line : lines) {
      Kez.execute(new Kez(), nowhere, nowhere, line); // as main makes it: its classes archived
    }
    try (var files = Files.list(tmp)) {
      for (Path f : files.toList()) Files.delete(f);
    }
    Files.delete(tmp);
  }
}
