package dev.kez.core.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/**
 * The code that checks the Ed25519 equation: the system's libsodium when it loads (through the
 * Foreign Function and Memory API, JDK 22+), else BouncyCastle. Verdicts never depend on which
 * (SPEC §2.4): both refuse S ≥ L and non-canonical A and R; {@link Ed25519PublicKey} refuses
 * small-order A and R in front of either; and as libsodium checks the equation without the
 * cofactor, a subset of what the cofactored check accepts, a signature it refuses is checked again
 * by BouncyCastle. Chosen on the first Ed25519 verify, so a run that checks none loads neither;
 * {@code -Dkez.ed25519=bouncycastle} forces the fallback. Linking libsodium costs a process about
 * as much as it saves over a thousand signatures, so a process checks its first {@value
 * Sodium#BOUNCY_CASTLE_FIRST} with BouncyCastle (whose classes the start-up archive holds) and
 * links libsodium only for the rest.
 */
public sealed interface Ed25519Backend permits Ed25519Backend.Sodium, Ed25519Backend.BouncyCastle {
  /** What {@code kez --version --verbose} prints. */
  String description();

  /**
   * A verifier for one 32-byte key, keeping what the backend decodes once per key; null when the
   * key is no point.
   */
  @Nullable KeyVerifier forKey(byte[] key);

  /** Verifies a 64-byte signature over a message under one key. */
  interface KeyVerifier {
    boolean verify(byte[] message, byte[] signature);
  }

  /** The backend in use (loaded on first call). */
  static Ed25519Backend current() {
    return Current.BACKEND;
  }

  /** The fallback, always available. */
  static Ed25519Backend bouncyCastle() {
    return BouncyCastle.INSTANCE;
  }

  /** libsodium, when the system has it and the JDK can call it; else empty. */
  static Optional<Ed25519Backend> sodium() {
    return Sodium.Linked.VERIFY == null ? Optional.empty() : Optional.of(Sodium.INSTANCE);
  }

  /** Lazy holder: nothing is loaded until the first Ed25519 signature is checked. */
  final class Current {
    private Current() {}

    static final Ed25519Backend BACKEND =
        "bouncycastle".equals(System.getProperty("kez.ed25519")) || Runtime.version().feature() < 22
            ? BouncyCastle.INSTANCE
            : Sodium.AFTER_BOUNCY_CASTLE;
  }

  /** BouncyCastle's RFC 8032 verify, with the key's point decoded and checked once. */
  final class BouncyCastle implements Ed25519Backend {
    static final BouncyCastle INSTANCE = new BouncyCastle();

    private BouncyCastle() {}

    @Override
    public String toString() {
      return "BouncyCastle";
    }

    @Override
    public String description() {
      String why =
          Sodium.Linked.VERIFY == null ? " (libsodium: " + Sodium.Linked.PROBLEM + ")" : "";
      return "BouncyCastle" + why;
    }

    /** The cofactored equation of SPEC §2.4. */
    @Override
    public @Nullable KeyVerifier forKey(byte[] key) {
      Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(key, 0);
      if (point == null) return null;
      return (message, signature) ->
          Ed25519.verify(signature, 0, point, message, 0, message.length);
    }
  }

  /**
   * libsodium's {@code crypto_sign_verify_detached}, which checks the equation without the
   * cofactor: what it accepts the cofactored check accepts too, so only what it refuses is asked of
   * BouncyCastle again (SPEC §2.4; honest signatures never differ). The build targets Java 21,
   * where the FFM API is still a preview, so it is reached through a method handle looked up by
   * name, which takes the Java arrays directly (a critical call with heap access, JDK 22+).
   */
  final class Sodium implements Ed25519Backend {
    static final int BOUNCY_CASTLE_FIRST = 1024;

    /** libsodium for every signature (tests, benchmarks). */
    static final Sodium INSTANCE = new Sodium(0);

    /** What a process uses: BouncyCastle for its first signatures, libsodium after. */
    static final Sodium AFTER_BOUNCY_CASTLE = new Sodium(BOUNCY_CASTLE_FIRST);

    static final java.util.concurrent.atomic.AtomicInteger CHECKED =
        new java.util.concurrent.atomic.AtomicInteger();

    private final int bouncyCastleFirst;

    private Sodium(int bouncyCastleFirst) {
      this.bouncyCastleFirst = bouncyCastleFirst;
    }

    @Override
    public String toString() {
      return "libsodium";
    }

    @Override
    public String description() {
      if (Linked.VERIFY == null) return BouncyCastle.INSTANCE.description();
      return "libsodium (the system's, through the Foreign Function and Memory API)"
          + (bouncyCastleFirst == 0
              ? ""
              : ", after BouncyCastle for a process's first " + bouncyCastleFirst + " signatures");
    }

    @Override
    public @Nullable KeyVerifier forKey(byte[] key) {
      // lengths are fixed before each call: libsodium reads 32 and 64 bytes unchecked
      return key.length != 32
          ? null
          : new KeyVerifier() {
            private final byte[] k = key.clone();
            private @Nullable KeyVerifier bouncyCastle; // decoded on first use

            @Override
            public boolean verify(byte[] message, byte[] signature) {
              if (signature.length != 64) return false;
              boolean early =
                  CHECKED.get() < bouncyCastleFirst
                      && CHECKED.getAndIncrement() < bouncyCastleFirst;
              if (!early && Linked.VERIFY != null && Sodium.verify(signature, message, k))
                return true;
              // refused by libsodium's cofactorless check: the cofactored check decides (SPEC §2.4)
              if (bouncyCastle == null) bouncyCastle = BouncyCastle.INSTANCE.forKey(k);
              return bouncyCastle != null && bouncyCastle.verify(message, signature);
            }
          };
    }

    static boolean verify(byte[] signature, byte[] message, byte[] key) {
      try {
        return (int) Linked.VERIFY.invokeExact(signature, message, (long) message.length, key) == 0;
      } catch (Throwable e) {
        throw new IllegalStateException("libsodium failed", e);
      }
    }

    /** Linked on first use. */
    static final class Linked {
      private static final String[] LIBRARIES = {
        System.mapLibraryName("sodium"),
        "libsodium.so.26",
        "libsodium.so.23",
        "libsodium.26.dylib",
        "libsodium.23.dylib"
      };
      private static String problem = "not tried";

      /** (sig, message, message length, key) → 0 when valid; null when libsodium did not load. */
      static final @Nullable MethodHandle VERIFY = load();

      static final String PROBLEM = problem;

      private Linked() {}

      private static @Nullable MethodHandle load() {
        if (Runtime.version().feature() < 22) {
          problem = "needs Java 22 or later";
          return null;
        }
        try {
          Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
          Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
          Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
          Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
          Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
          Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
          Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
          Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
          Object arena = arenaType.getMethod("global").invoke(null);
          Object found = null;
          for (String name : LIBRARIES) {
            try {
              found =
                  lookupType
                      .getMethod("libraryLookup", String.class, arenaType)
                      .invoke(null, name, arena);
              break;
            } catch (InvocationTargetException notThere) {
              // try the next name
            }
          }
          Object lookup = found;
          if (lookup == null) {
            problem = "not found";
            return null;
          }
          Object linker = linkerType.getMethod("nativeLinker").invoke(null);
          Object integer = valueLayoutType.getField("JAVA_INT").get(null);
          Object address = valueLayoutType.getField("ADDRESS").get(null);
          Object longLayout = valueLayoutType.getField("JAVA_LONG").get(null);
          var find = lookupType.getMethod("find", String.class);
          var describe = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
          var downcall =
              linkerType.getMethod(
                  "downcallHandle", segmentType, descriptorType, optionType.arrayType());
          Object[] critical = (Object[]) Array.newInstance(optionType, 1);
          critical[0] = optionType.getMethod("critical", boolean.class).invoke(null, true);
          MethodHandle ofArray =
              MethodHandles.publicLookup()
                  .findStatic(
                      segmentType, "ofArray", MethodType.methodType(segmentType, byte[].class));
          java.util.function.BiFunction<String, Object[], MethodHandle> function =
              (name, parameters) -> {
                try {
                  Object[] layouts = (Object[]) Array.newInstance(layoutType, parameters.length);
                  System.arraycopy(parameters, 0, layouts, 0, parameters.length);
                  Object symbol = ((Optional<?>) find.invoke(lookup, name)).orElseThrow();
                  return (MethodHandle)
                      downcall.invoke(
                          linker, symbol, describe.invoke(null, integer, layouts), critical);
                } catch (ReflectiveOperationException e) {
                  throw new IllegalStateException(name + ": " + e.getCause(), e);
                }
              };
          if ((int) function.apply("sodium_init", new Object[0]).invoke() < 0) {
            problem = "sodium_init failed";
            return null;
          }
          MethodHandle verify =
              function.apply(
                  "crypto_sign_verify_detached",
                  new Object[] {address, address, longLayout, address});
          verify = MethodHandles.filterArguments(verify, 0, ofArray, ofArray);
          verify = MethodHandles.filterArguments(verify, 3, ofArray);
          return verify.asType(
              MethodType.methodType(
                  int.class, byte[].class, byte[].class, long.class, byte[].class));
        } catch (Throwable e) {
          problem =
              "not loaded: "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
          return null;
        }
      }
    }
  }
}
