package dev.kez.cli.chat;

import dev.kez.chat.protocol.ChatLimitException;
import dev.kez.chat.protocol.DeviceKey;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.HandleInfo;
import dev.kez.cli.Failure;
import dev.kez.cli.KezCommand;
import dev.kez.core.crypto.SecretKey;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * What the {@code kez chat} commands share: the server (--server, else the one registered with),
 * this identity's handle, its key, this device's X25519 key, and the API client.
 */
abstract class ChatBase extends KezCommand {
  @Option(
      names = "--server",
      paramLabel = "URL",
      converter = ChatServers.Server.class,
      description =
          "The chat server's origin, e.g. https://chat.example (default: the one registered with).")
  @Nullable URI serverOption;

  private @Nullable ChatClient client;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (ChatLimitException e) {
      throw Failure.usage(e.getMessage());
    }
  }

  abstract int run();

  long now() {
    return kez().clock().instant().getEpochSecond();
  }

  /** The registration in KEZ_HOME, required by the commands that act for a handle. */
  ChatConfig config() {
    return ChatConfig.load(kez().homeDir())
        .orElseThrow(() ->
            Failure.local(
                "no chat handle in "
                    + kez().homeDir()
                    + " yet: run 'kez chat register HANDLE --server URL' first"));
  }

  URI server() {
    if (serverOption != null) return serverOption;
    return ChatConfig.load(kez().homeDir())
        .map(ChatConfig::server)
        .orElseThrow(() ->
            usage(
                "no chat server: give --server URL, or run 'kez chat register HANDLE --server URL' first"));
  }

  ChatClient client() {
    if (client == null) client = new ChatClient(server(), kez().clock());
    return client;
  }

  SecretKey identity() {
    return keyStore().primary(passphrases());
  }

  DeviceKey device() {
    return DeviceKey.load(keyStore())
        .orElseThrow(() ->
            Failure.local(
                "this device has no chat key in "
                    + kez().homeDir()
                    + ": run 'kez chat register' first"));
  }

  /** A handle's record, checked to be bound to the key we hold when it is our own. */
  HandleInfo lookup(Handle handle) {
    return client()
        .handle(handle)
        .orElseThrow(() ->
            Failure.failed("@" + handle + " is not registered on " + client().server(), List.of()));
  }

  /** Our own handle's record, which must name this identity's key. */
  HandleInfo own(Handle me, SecretKey key) {
    HandleInfo info = lookup(me);
    if (!info.key().equals(key.publicKey())) {
      throw Failure.local(
          "the server binds @"
              + me
              + " to "
              + info.key().encoded()
              + ", not to this identity's key "
              + key.publicKey().encoded());
    }
    return info;
  }
}
