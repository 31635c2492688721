package dev.kez.core.keystore;

/**
 * Local key state that cannot be used: no identity yet, an unreadable or damaged key file, a wrong
 * passphrase, no way to ask for one. The message is one line and never holds a secret.
 */
public final class KeyStoreException extends RuntimeException {
  public KeyStoreException(String message) {
    super(message);
  }

  public KeyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
