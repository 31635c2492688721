package dev.kez.cli.sigchain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.chain.ChainState;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Json;
import dev.kez.core.status.Verdict;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a chain's verdict and state, shared by verify and show (sorted: stable output).
 */
final class StateJson {
  private StateJson() {}

  static ObjectNode of(Verdict verdict, @Nullable ChainState st) {
    ObjectNode o =
        Json.newObject().put("status", verdict.status().wireName()).put("reason", verdict.reason());
    boolean known = st != null && !st.isEmpty();
    o.put("chain", known ? st.chain() : null);
    o.put("primary_key", known ? st.primaryKey().encoded() : null);
    o.put("head", known ? st.head() : null);
    o.put("length", known ? st.length() : 0);
    var devices = o.putArray("active_devices");
    var accounts = o.putObject("accounts");
    if (known) {
      st.activeDevices().stream().map(PublicKey::encoded).sorted().forEach(devices::add);
      st.accounts().entrySet().stream()
          .sorted(Comparator.comparing(e -> e.getKey().toString()))
          .forEach(e -> accounts.put(e.getKey().toString(), e.getValue().status().wireName()));
    }
    if (!verdict.isValid()) verdict.evidence().forEach(o.putArray("evidence")::add);
    return o;
  }
}
