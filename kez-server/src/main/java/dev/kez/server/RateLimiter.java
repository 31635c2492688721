package dev.kez.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at {@code perSecond}.
 * Deciding costs one map lookup and no allocation for a known client, so refusing a flood stays
 * cheap. Full buckets are dropped when the map grows, which bounds its memory by the number of
 * clients active in the last few seconds.
 */
public final class RateLimiter {
  private static final int SWEEP_AT = 50_000;

  private final double perSecond;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  /** perSecond <= 0 turns limiting off. */
  public RateLimiter(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
  }

  public boolean enabled() {
    return perSecond > 0;
  }

  /** Takes a token; returns 0 when granted, else the whole seconds to wait (for Retry-After). */
  public long acquire(String client) {
    if (!enabled()) return 0;
    long now = System.nanoTime();
    if (buckets.size() > SWEEP_AT) sweep(now);
    Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
    }
  }

  private void sweep(long now) {
    buckets
        .entrySet()
        .removeIf(e -> {
          synchronized (e.getValue()) {
            return e.getValue().tokens + (now - e.getValue().last) / 1e9 * perSecond >= burst;
          }
        });
  }
}
