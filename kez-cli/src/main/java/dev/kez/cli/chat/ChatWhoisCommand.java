package dev.kez.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.Handle;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez chat whois HANDLE}: who a handle is, as the server's identity check found. */
@Command(
    name = "whois",
    header = "Show who a handle is: its key and the accounts proven for it.",
    description = {
      "%nAsks the server for the handle's identity graph (its key's sigchain from the server's "
          + "sig-servers, every account in it verified on its own channel, as 'kez verify id --json' "
          + "prints it) and prints one line: @alice is github:alice ✔, alice.example ✔.",
      "%nTo check it yourself instead of trusting the server: kez verify id ACCOUNT."
    })
public final class ChatWhoisCommand extends ChatBase {
  @Parameters(
      paramLabel = "HANDLE",
      converter = ChatServers.HandleInput.class,
      description = "The handle, e.g. bob.")
  Handle handle;

  @Option(names = "--json", description = "Print the server's answer as it is.")
  boolean json;

  @Override
  int run() {
    ObjectNode answer =
        client()
            .identity(handle)
            .orElseThrow(() ->
                Failure.failed(
                    "@" + handle + " is not registered on " + client().server(), List.of()));
    if (json) {
      printJson(answer);
      return ExitCode.OK;
    }
    out().println(summary(handle, answer));
    out().flush();
    return ExitCode.OK;
  }

  /** "@alice is github:alice ✔, alice.example ✔", or why there is nothing to show. */
  static String summary(Handle handle, ObjectNode answer) {
    JsonNode graph = answer.has("accounts") ? answer : answer.path("identity");
    List<String> parts = new ArrayList<>();
    for (JsonNode a : graph.path("accounts")) {
      String account = a.path("account").asText("");
      if (account.isEmpty()) continue;
      String shown = account.startsWith("dns:") ? account.substring(4) : account;
      String status = a.path("status").asText("");
      parts.add(
          EntryPrinter.printable(shown)
              + ("valid".equals(status) ? " ✔" : " ✘ (" + EntryPrinter.printable(status) + ")"));
    }
    String key = answer.path("key").asText(graph.path("chain").path("id").asText(""));
    if (parts.isEmpty()) {
      String detail = answer.path("detail").asText("");
      return "@"
          + handle
          + " is "
          + (key.isEmpty() ? "a key" : key)
          + ", with no account proven for it"
          + (detail.isEmpty() ? "" : " (" + EntryPrinter.printable(detail) + ")");
    }
    return "@" + handle + " is " + String.join(", ", parts);
  }
}
