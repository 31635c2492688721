import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.Protocol;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Json;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Makes {@code chains} sigchains of {@code links} validly signed Ed25519 links each, on every core,
 * and writes them as PostgreSQL COPY text files (one set per thread) for the schema of {@code
 * V1__chains.sql}: {@code links-T.tsv}, {@code chains-T.tsv}, {@code keys-T.tsv}. The secret keys
 * of 10,000 chains spread over the set goes to {@code secrets-T.tsv} (0600), so the scale bench can append
 * to it; every 1000th chain is fully verified (signatures included) before it is written. Loaded by
 * {@code sig-server/scale-bench.sh}, which runs this file with the source launcher (Java 22+: it
 * signs with the system's libsodium through the FFM API, about 4x BouncyCastle's speed, and the
 * build targets Java 21). Not a test: a tool for measurements. The links are those of {@code
 * Links.add} (SPEC.md §6.3) with the claim of {@code Claim.Builder}, made here only so that
 * libsodium can sign them; the sample check below verifies them with kez-core's verifier.
 */
public final class ScaleGen {
  static final Linker LINKER = Linker.nativeLinker();
  static final SymbolLookup SODIUM = sodium();
  static final MethodHandle SIGN =
      handle(
          "crypto_sign_detached",
          ValueLayout.ADDRESS,
          ValueLayout.ADDRESS,
          ValueLayout.ADDRESS,
          ValueLayout.JAVA_LONG,
          ValueLayout.ADDRESS);
  static final MethodHandle KEYPAIR =
      handle("crypto_sign_seed_keypair", ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);

  private static SymbolLookup sodium() {
    for (String name : new String[] {"libsodium.so", "libsodium.so.26", "libsodium.so.23"}) {
      try {
        return SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException notThere) {
        // next
      }
    }
    throw new IllegalStateException("libsodium not found");
  }

  private static MethodHandle handle(String name, ValueLayout... args) {
    return LINKER.downcallHandle(
        SODIUM.find(name).orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, args),
        Linker.Option.critical(true));
  }

  /** libsodium's Ed25519 signature of {@code message} with the 64-byte secret key (seed || pk). */
  static String sign(byte[] sk, byte[] message) throws Throwable {
    byte[] sig = new byte[64];
    int rc =
        (int)
            SIGN.invokeExact(
                MemorySegment.ofArray(sig),
                MemorySegment.NULL,
                MemorySegment.ofArray(message),
                (long) message.length,
                MemorySegment.ofArray(sk));
    if (rc != 0) throw new IllegalStateException("crypto_sign_detached failed");
    return Base64Url.encode(sig);
  }

  public static void main(String[] args) throws Exception {
    int chains = Integer.parseInt(args[0]);
    int links = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      ts.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      run(me, threads, chains, links, out);
                    } catch (Throwable e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    for (Thread t : ts) t.join();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "{\"chains\":%d,\"links\":%d,\"seconds\":%.1f,\"links_per_s\":%.0f}%n",
        chains,
        (long) chains * links,
        s,
        chains * (double) links / s);
  }

  private static Writer writer(Path p) throws IOException {
    return new BufferedWriter(
        Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 20); // COPY text, UTF-8
  }

  private static void run(int me, int threads, int chains, int links, Path out)
      throws Throwable {
    Clock clock = Clock.systemUTC();
    Path secretsFile = out.resolve("secrets-" + me + ".tsv");
    Files.deleteIfExists(secretsFile);
    Files.createFile(
        secretsFile,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    try (Writer lw = writer(out.resolve("links-" + me + ".tsv"));
        Writer cw = writer(out.resolve("chains-" + me + ".tsv"));
        Writer kw = writer(out.resolve("keys-" + me + ".tsv"));
        Writer sw = writer(secretsFile)) {
      for (int i = me; i < chains; i += threads) {
        SecretKey key = SecretKey.generate(Algorithm.ED25519);
        String chain = key.publicKey().encoded();
        byte[] pk = new byte[32];
        byte[] sk = new byte[64];
        if ((int)
                KEYPAIR.invokeExact(
                    MemorySegment.ofArray(pk),
                    MemorySegment.ofArray(sk),
                    MemorySegment.ofArray(key.exportSecret()))
            != 0) throw new IllegalStateException("crypto_sign_seed_keypair failed");
        List<Link> made = i % 1000 == 0 ? new ArrayList<>() : null;
        String head = null; // the chain is checked by kez-core's verifier for the sample below
        long time = 1_764_150_000L;
        for (int seq = 1; seq <= links; seq++) {
          time += 10;
          ObjectNode claim = Json.newObject();
          claim
              .put("kez", Protocol.VERSION)
              .put("type", "claim")
              .put("key", chain)
              .put("account", "github:k" + seq)
              .put("created_at", time);
          claim.put("sig", sign(sk, Signing.digest(claim)));
          ObjectNode o = Json.newObject();
          o.put("kez", Protocol.VERSION)
              .put("type", "link")
              .put("seq", seq)
              .put("created_at", time)
              .put("op", "add")
              .put("key", chain);
          if (head != null) o.put("prev", head);
          o.set("claim", claim);
          o.put("sig", sign(sk, Signing.digest(o, "new_key_sig", "device_sig")));
          Link l = Link.parse(o);
          head = l.hash();
          String body = l.canonicalJson();
          if (body.indexOf('\\') >= 0 || body.indexOf('\t') >= 0)
            throw new IllegalStateException("a link needs COPY escaping: " + body);
          lw.append(chain)
              .append('\t')
              .append(Long.toString(seq))
              .append('\t')
              .append(l.hash())
              .append('\t')
              .append(body)
              .append('\n');
          if (made != null) made.add(l);
        }
        if (made != null
            && !(ChainVerifier.verify(made.iterator(), clock)
                instanceof ChainResult.Verified(ChainState st)
                && st.head().equals(head)))
          throw new IllegalStateException("a generated chain does not verify: " + chain);
        cw.append(chain)
            .append('\t')
            .append(Long.toString(links))
            .append('\t')
            .append(head)
            .append('\t')
            .append(chain) // no rotation: the primary key is still the eldest
            .append('\n');
        kw.append(chain).append('\t').append(chain).append("\teldest\t1\n");
        if (i % Math.max(1, chains / 10_000) == 0)
          sw.append(chain)
              .append('\t')
              .append(HexFormat.of().formatHex(key.exportSecret()))
              .append('\n');
      }
    }
  }
}
