package dev.kez.channels.identity;

import dev.kez.channels.ChainFileHost;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.channels.identity.IdentityGraph.ChainSource;
import dev.kez.core.claim.Account;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.status.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a key's sigchain comes from: files, sig-servers, an account's chain file (a github gist).
 */
final class ChainSources {
  static final String NDJSON = "application/x-ndjson, application/jsonl, text/plain;q=0.5";

  private ChainSources() {}

  static ChainSource file(Path p) {
    try {
      if (Files.size(p) > 64L << 20)
        return failed("file:" + p, Verdict.invalid("chain file " + p + " is larger than 64 MiB"));
      return new ChainSource(
          "file:" + p, Files.readString(p, StandardCharsets.UTF_8), null, List.of());
    } catch (java.nio.charset.CharacterCodingException e) {
      return failed("file:" + p, Verdict.invalid("chain file " + p + " is not UTF-8 text"));
    } catch (IOException e) {
      return failed(
          "file:" + p, Verdict.invalid("cannot read chain file " + p + ": " + e.getMessage()));
    }
  }

  /**
   * A sig-server (SPEC §12): {@code GET /v1/keys/{key}} names the key's chain, {@code GET
   * /v1/chains/{chain}} is its bundle.
   */
  static ChainSource server(String url, PublicKey key, ChannelContext ctx) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    SafeHttp http = SafeHttp.create(ctx);
    String origin = base + "/v1/keys/" + key.encoded();
    try {
      var ref = http.json(origin, "application/json");
      String chain = ref.path("chain").asText("");
      PublicKey.parse(chain); // a server answer of the wrong shape is refused here
      origin = base + "/v1/chains/" + chain;
      return new ChainSource(
          origin, http.get(origin, NDJSON, Map.of(), null).text(), null, http.evidence());
    } catch (FetchException e) {
      return failed(origin, e.verdict(), http);
    } catch (dev.kez.core.MalformedException e) {
      return failed(
          origin,
          Verdict.invalid("sig-server " + base + " answered a key lookup of the wrong shape"),
          http);
    }
  }

  /**
   * The account's own chain file (a {@code kez-sigchain.jsonl} gist), or empty when it has none.
   */
  static Optional<ChainSource> chainFile(ChainFileHost host, Account account, ChannelContext ctx) {
    SafeHttp http = SafeHttp.create(ctx);
    String origin = account + "/" + host.chainFileName();
    try {
      return host.fetchChainFile(account, ctx, http)
          .map(t -> new ChainSource(origin, t, null, http.evidence()));
    } catch (FetchException e) {
      if (e.verdict() instanceof Verdict.NotFound) return Optional.empty();
      return Optional.of(failed(origin, e.verdict(), http));
    }
  }

  private static ChainSource failed(String origin, Verdict v) {
    return new ChainSource(origin, null, v, List.of());
  }

  private static ChainSource failed(String origin, Verdict v, SafeHttp http) {
    return new ChainSource(origin, null, v, http.evidence());
  }
}
