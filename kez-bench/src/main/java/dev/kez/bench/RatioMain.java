package dev.kez.bench;

import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.LinkBody;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.Signing;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chain/raw ratio measured in alternating rounds, reporting the best and the median of each: on
 * a shared machine, other load inflates some rounds, and alternating keeps both sides under the
 * same conditions. Times are this thread's CPU time (ThreadMXBean), which other processes on the
 * machine disturb far less than wall time. Usage: RatioMain [links] [rounds]
 */
public final class RatioMain {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    List<Link> chain = new ArrayList<>(n);
    new ChainGenerator(n).forEachRemaining(chain::add);
    String bundle = Bundle.toString(chain);
    List<PublicKey> keys = new ArrayList<>();
    List<byte[]> digests = new ArrayList<>();
    List<byte[]> sigs = new ArrayList<>();
    for (Link l : chain) {
      var o = l.toJson();
      keys.add(l.key());
      digests.add(l.digest());
      sigs.add(Signing.signature(o, "sig"));
      switch (l.body()) {
        case LinkBody.Add(var c) -> {
          keys.add(c.key());
          digests.add(c.digest());
          sigs.add(c.signature());
        }
        case LinkBody.Rotate r -> {
          keys.add(r.newKey());
          digests.add(l.digest());
          sigs.add(Signing.signature(o, "new_key_sig"));
        }
        case LinkBody.AddDevice d -> {
          keys.add(d.deviceKey());
          digests.add(l.digest());
          sigs.add(Signing.signature(o, "device_sig"));
        }
        default -> {}
      }
    }
    chain = null; // only the bundle text is verified
    long[] raw = new long[rounds];
    long[] full = new long[rounds];
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < keys.size(); i++)
        if (!keys.get(i).verify(digests.get(i), sigs.get(i)))
          throw new IllegalStateException("bad signature");
      long t1 = cpu.getCurrentThreadCpuTime();
      if (!(ChainVerifier.verify(Bundle.read(new StringReader(bundle)))
          instanceof ChainResult.Verified))
        throw new IllegalStateException("chain does not verify");
      long t2 = cpu.getCurrentThreadCpuTime();
      raw[r] = t1 - t0;
      full[r] = t2 - t1;
      System.out.printf(
          "round %d (CPU time): raw signatures %.0f ms, chain %.0f ms, ratio %.3f%n",
          r + 1, raw[r] / 1e6, full[r] / 1e6, (double) full[r] / raw[r]);
    }
    long[] ratios = new long[rounds];
    for (int r = 0; r < rounds; r++) ratios[r] = Math.round(1000.0 * full[r] / raw[r]);
    Arrays.sort(raw);
    Arrays.sort(full);
    Arrays.sort(ratios);
    System.out.printf(
        "%,d links, %,d signatures (%.2f per link)%n", n, keys.size(), (double) keys.size() / n);
    System.out.printf(
        "best:   raw %.1f us/signature, chain %.1f us/link, ratio %.3f%n",
        raw[0] / 1e3 / keys.size(), full[0] / 1e3 / n, (double) full[0] / raw[0]);
    System.out.printf(
        "median: raw %.1f us/signature, chain %.1f us/link, ratio %.3f; median of per-round ratios %.3f%n",
        raw[rounds / 2] / 1e3 / keys.size(),
        full[rounds / 2] / 1e3 / n,
        (double) full[rounds / 2] / raw[rounds / 2],
        ratios[rounds / 2] / 1000.0);
  }
}
