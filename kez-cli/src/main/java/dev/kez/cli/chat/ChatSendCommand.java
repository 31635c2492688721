package dev.kez.cli.chat;

import dev.kez.chat.protocol.ChatMessage;
import dev.kez.chat.protocol.EncKey;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.HandleInfo;
import dev.kez.chat.protocol.Posted;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.cli.Plural;
import dev.kez.core.crypto.SecretKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kez chat send HANDLE [TEXT]}: sign, seal to every device, post. */
@Command(
    name = "send",
    header = "Send an end-to-end encrypted message.",
    description = {
      "%nSigns the message with your identity, seals one copy to each of the recipient's "
          + "devices (their chat_key records that verify under the recipient's key and have not "
          + "expired) and to each of your own, and posts the envelope. TEXT, or standard input when "
          + "TEXT is absent or '-'."
    })
public final class ChatSendCommand extends ChatBase {
  @Parameters(
      index = "0",
      paramLabel = "HANDLE",
      converter = ChatServers.HandleInput.class,
      description = "The recipient, e.g. bob.")
  Handle to;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TEXT",
      description = "The message (default: standard input).")
  @Nullable String text;

  @Override
  int run() {
    ChatConfig me = config();
    String message = text == null || text.equals("-") ? readInput("-").stripTrailing() : text;
    if (message.isBlank()) throw usage("the message is empty");
    SecretKey key = identity();
    long now = now();
    HandleInfo recipient = lookup(to);
    List<EncKey> devices = new ArrayList<>(recipient.usableKeys(now));
    if (devices.isEmpty()) {
      throw Failure.failed(
          "@"
              + to
              + " has no device that can receive messages (no chat_key record that verifies and has not expired)",
          List.of());
    }
    // copies for our own devices, this one included, so that every one of them can read what we
    // sent
    devices.addAll(own(me.handle(), key).usableKeys(now));
    Envelope envelope =
        Envelope.seal(ChatMessage.text(me.handle(), to, message, now, key), devices);
    Posted posted = client().post(me.handle(), envelope, key);
    if (!posted.id().equals(envelope.id()) || !posted.to().equals(to)) {
      throw Failure.failed(
          "the server acknowledged another message ("
              + posted.id()
              + " to @"
              + posted.to()
              + ") than the one sent",
          List.of());
    }
    out()
        .println(
            "sent to @"
                + to
                + " (sealed to "
                + Plural.of(envelope.sealed().size(), "device")
                + "; seq "
                + posted.seq()
                + " in your log)");
    return ExitCode.OK;
  }
}
