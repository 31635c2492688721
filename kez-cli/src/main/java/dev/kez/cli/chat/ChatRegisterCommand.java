package dev.kez.cli.chat;

import dev.kez.chat.protocol.ChatKey;
import dev.kez.chat.protocol.DeviceKey;
import dev.kez.chat.protocol.Handle;
import dev.kez.cli.Converters;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.core.crypto.SecretKey;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez chat register HANDLE --server URL}: claim a handle and publish this device's key. */
@Command(
    name = "register",
    header = "Register a handle for your identity and this device's key.",
    description = {
      "%nBinds HANDLE on the server to your identity key (a request signed by it; registering "
          + "again with the same key changes nothing), makes this device's X25519 key if it has none, "
          + "publishes it as a chat_key record signed by your identity, and remembers the server and "
          + "the handle in KEZ_HOME/chat/config.json for the other chat commands.",
      "%nA handle is 3 to 32 of a-z, 0-9, '_' and '-', starting and ending with a letter or "
          + "digit."
    })
public final class ChatRegisterCommand extends ChatBase {
  @Parameters(
      paramLabel = "HANDLE",
      converter = ChatServers.HandleInput.class,
      description = "The handle, e.g. alice.")
  Handle handle;

  @Option(
      names = "--expires-in",
      paramLabel = "DURATION",
      converter = Converters.Expiry.class,
      description =
          "Let this device's key record expire (e.g. 90d); senders then stop encrypting to it.")
  @Nullable Duration expiresIn;

  @Override
  int run() {
    URI server = server();
    Optional<ChatConfig> existing = ChatConfig.load(kez().homeDir());
    if (existing.isPresent() && !existing.get().equals(new ChatConfig(server, handle))) {
      throw Failure.local(
          "this KEZ_HOME is registered as @"
              + existing.get().handle()
              + " on "
              + existing.get().server()
              + "; use another --home for another handle or server");
    }
    SecretKey key = identity();
    boolean created = client().register(handle, key);
    DeviceKey device =
        DeviceKey.load(keyStore())
            .orElseGet(() -> {
              DeviceKey d = DeviceKey.generate();
              d.save(keyStore());
              return d;
            });
    long now = now();
    client()
        .publish(
            ChatKey.sign(
                handle,
                device.encKey(),
                now,
                expiresIn == null ? null : now + expiresIn.toSeconds(),
                key),
            key);
    new ChatConfig(server, handle).save(kez().homeDir());
    out()
        .println(
            (created ? "registered @" : "@")
                + handle
                + (created ? "" : " was already yours")
                + " on "
                + server
                + " (key "
                + key.publicKey().encoded()
                + ")");
    out().println("this device's chat key: " + device.encKey());
    return ExitCode.OK;
  }
}
