package dev.kez.core.keystore;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a passphrase comes from: {@code KEZ_PASSPHRASE}, else the terminal. The caller owns the
 * returned array and should clear it when done.
 */
@FunctionalInterface
public interface PassphraseSource {
  String ENV = "KEZ_PASSPHRASE";

  /**
   * @param prompt what the passphrase is for, shown when asking interactively
   * @param confirm ask twice and require both to match (when setting a new passphrase)
   */
  char[] passphrase(String prompt, boolean confirm);

  /** A fixed passphrase (tests, or callers that got it elsewhere). */
  static PassphraseSource of(char[] passphrase) {
    char[] copy = passphrase.clone();
    return (prompt, confirm) -> copy.clone();
  }

  /** A source that always refuses: for keys that must not need one. */
  static PassphraseSource none() {
    return (prompt, confirm) -> {
      throw new KeyStoreException("a passphrase is needed: set " + ENV + " or run in a terminal");
    };
  }

  /**
   * {@code KEZ_PASSPHRASE} from {@code env} when set, else {@code console} when it is a terminal.
   */
  static PassphraseSource fromEnvOrConsole(Map<String, String> env, @Nullable Console console) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null) return (prompt, confirm) -> fromEnv.toCharArray();
    if (console == null || !isTerminal(console)) return none();
    return (prompt, confirm) -> {
      char[] first = console.readPassword("%s: ", prompt);
      if (first == null) throw new KeyStoreException("no passphrase given (end of input)");
      if (!confirm) return first;
      char[] second = console.readPassword("Repeat the passphrase: ");
      boolean same = second != null && Arrays.equals(first, second);
      if (second != null) Arrays.fill(second, '\0');
      if (!same) {
        Arrays.fill(first, '\0');
        throw new KeyStoreException("the two passphrases differ");
      }
      return first;
    };
  }

  /**
   * Since JDK 22 {@code System.console()} may return a console on redirected streams; asking there
   * would read the passphrase from piped input. {@code Console.isTerminal()} (JDK 22+) says which;
   * on JDK 21 a non-null console is always a terminal.
   */
  static boolean isTerminal(Console console) {
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
