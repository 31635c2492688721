package dev.kez.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs tasks on their own threads from one start signal, for tests of concurrent writers. */
public final class Together {
  private Together() {}

  /** Task {@code i} of {@code n}, all released at once; their results in task order. */
  public static <T> List<T> run(int n, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> t = task.apply(i);
        fs.add(
            pool.submit(() -> {
              go.await();
              return t.call();
            }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : fs) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
