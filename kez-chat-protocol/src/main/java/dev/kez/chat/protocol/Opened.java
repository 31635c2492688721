package dev.kez.chat.protocol;

import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import java.util.Optional;

/**
 * What a device makes of one log entry (chat.md §4): a verified {@link Message}, or {@link
 * Undecryptable} with the reason. Only a {@code Message} may ever be shown as one.
 */
public sealed interface Opened permits Opened.Message, Opened.Undecryptable {
  LogEntry entry();

  /**
   * The copy for this device opened, its signature verified under the sender handle's key, and it
   * matches its envelope.
   */
  record Message(LogEntry entry, ChatMessage message) implements Opened {}

  record Undecryptable(LogEntry entry, Reason reason) implements Opened {}

  enum Reason {
    NO_COPY("no copy was sealed to this device"),
    DOES_NOT_OPEN("the copy for this device does not decrypt"),
    MALFORMED("the decrypted message is malformed"),
    UNKNOWN_SENDER("the sender's key is unknown"),
    BAD_SIGNATURE("the message is not signed by the sender's key"),
    MISMATCH("the message's from, to or id differ from its envelope's");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * Opens an entry with this device's key. {@code senderKey} is the key the entry's {@code from}
   * handle is bound to (empty when the handle could not be looked up).
   */
  static Opened of(LogEntry entry, DeviceKey device, Optional<PublicKey> senderKey) {
    Envelope env = entry.envelope();
    Optional<Envelope.Sealed> copy =
        env.sealed().stream().filter(s -> s.kid().equals(device.encKey())).findFirst();
    if (copy.isEmpty()) return new Undecryptable(entry, Reason.NO_COPY);
    Optional<byte[]> plaintext = device.open(copy.get(), env.id());
    if (plaintext.isEmpty()) return new Undecryptable(entry, Reason.DOES_NOT_OPEN);
    ChatMessage message;
    try {
      message = ChatMessage.parse(plaintext.get());
    } catch (MalformedException | ChatLimitException e) {
      return new Undecryptable(entry, Reason.MALFORMED);
    }
    if (senderKey.isEmpty()) return new Undecryptable(entry, Reason.UNKNOWN_SENDER);
    if (!message.key().equals(senderKey.get()) || !message.signatureValid())
      return new Undecryptable(entry, Reason.BAD_SIGNATURE);
    if (!message.from().equals(entry.from())
        || !message.to().equals(env.to())
        || !message.id().equals(env.id())) {
      return new Undecryptable(entry, Reason.MISMATCH);
    }
    return new Message(entry, message);
  }
}
