package dev.kez.bench;

import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ChainVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Streams a chain of N links (default 1,000,000) through the verifier, the links made lazily one at
 * a time, and reports heap used along the way. Run with -Xmx64m: finishing at all shows the
 * verifier's memory does not grow with the chain. Usage: StreamingHeap [N]
 */
public final class StreamingHeap {
  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
      if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    ChainVerifier v = ChainVerifier.start();
    ChainGenerator links = new ChainGenerator(n);
    long maxUsedAfterGc = 0;
    long step = Math.max(1, n / 10);
    long start = System.nanoTime();
    System.out.printf(
        "max heap %.1f MiB; streaming %,d links%n", mib(Runtime.getRuntime().maxMemory()), n);
    for (long i = 1; links.hasNext(); i++) {
      v.feed(links.next());
      if (i % step == 0) {
        System.gc(); // what stays reachable: the verifier's state and the generator's
        long used = memory.getHeapMemoryUsage().getUsed();
        maxUsedAfterGc = Math.max(maxUsedAfterGc, used);
        System.out.printf(
            "  %,10d links  heap used after GC %6.1f MiB  (%.0f s)%n",
            i, mib(used), (System.nanoTime() - start) / 1e9);
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
      if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
    ChainState st = v.state();
    System.out.printf(
        "verified %,d links (head %s, %d accounts)%n",
        st.length(), st.head(), st.accounts().size());
    System.out.printf(
        "heap used after GC: max %.1f MiB; peak heap used (sum of pool peaks, garbage included) %.1f MiB%n",
        mib(maxUsedAfterGc), mib(peak));
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }
}
