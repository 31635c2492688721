package dev.kez.cli.sigchain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Plural;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.LinkBody;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kez sigchain show}: the local chain as a readable history. */
@Command(
    name = "show",
    header = "Show your sigchain: each link's seq, time, op and what it changed.")
final class SigchainShowCommand extends SigchainBase {
  @Option(
      names = "--json",
      description = "Print the state (as 'kez sigchain verify --json') plus \"links\".")
  boolean json;

  @Override
  public Integer call() {
    ChainStore store = store();
    ChainState st = store.state();
    if (json) {
      ObjectNode o = StateJson.of(new ChainResult.Verified(st).toVerdict(), st);
      var links = o.putArray("links");
      for (Link l : store.links()) {
        links
            .addObject()
            .put("seq", l.seq())
            .put("created_at", l.createdAt())
            .put("op", l.op().wireName())
            .put("key", l.key().encoded())
            .put("change", change(l))
            .put("hash", l.hash());
      }
      printJson(o);
      return ExitCode.OK;
    }
    if (st.isEmpty()) {
      out().println("The sigchain is empty. Start it with: kez sigchain add <account>");
      return ExitCode.OK;
    }
    out()
        .println(
            "sigchain "
                + st.chain()
                + " ("
                + Plural.of(st.length(), "link")
                + ", primary key "
                + st.primaryKey()
                + ")");
    for (Link l : store.links()) {
      out()
          .printf(
              "%4d  %s  %-13s  %s%n",
              l.seq(), Instant.ofEpochSecond(l.createdAt()), l.op().wireName(), change(l));
    }
    out().println("accounts:");
    st.accounts().entrySet().stream()
        .sorted((a, b) -> a.getKey().toString().compareTo(b.getKey().toString()))
        .forEach(e -> out().println("  " + e.getKey() + "  " + e.getValue().status().wireName()));
    out().println(st.activeDevices().isEmpty() ? "active devices: none" : "active devices:");
    st.activeDevices().forEach(d -> out().println("  " + d));
    return ExitCode.OK;
  }

  /** What a link changed, in a few words. */
  static String change(Link l) {
    String by = " (signed by " + l.key() + ")";
    return switch (l.body()) {
      case LinkBody.Add a -> "added " + a.claim().account() + by;
      case LinkBody.Revoke r -> "revoked " + r.account() + by;
      case LinkBody.Rotate r -> "primary key " + l.key() + " -> " + r.newKey();
      case LinkBody.AddDevice d ->
          "added device " + d.deviceKey() + (d.name() == null ? "" : " \"" + d.name() + "\"");
      case LinkBody.RevokeDevice d -> "revoked device " + d.deviceKey();
    };
  }
}
