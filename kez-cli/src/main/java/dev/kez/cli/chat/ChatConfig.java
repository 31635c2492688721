package dev.kez.cli.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.Handle;
import dev.kez.cli.Failure;
import dev.kez.core.MalformedException;
import dev.kez.core.io.AtomicFiles;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code kez chat register} remembers in KEZ_HOME ({@value #FILE}): the server and this
 * identity's handle there, {@code {"server":"https://…","handle":"alice"}}. No secret.
 */
record ChatConfig(URI server, Handle handle) {
  static final String FILE = "chat/config.json";

  static Optional<ChatConfig> load(Path home) {
    Path file = home.resolve(FILE);
    try {
      ObjectNode o = Json.parseObject(Files.readAllBytes(file));
      return Optional.of(
          new ChatConfig(
              ChatServers.parse(Json.string(o, "server")), Handle.parse(Json.string(o, "handle"))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (MalformedException e) {
      throw Failure.local(
          file + " is damaged (" + e.getMessage() + "); run 'kez chat register' again");
    }
  }

  void save(Path home) {
    ObjectNode o = Json.newObject().put("server", server.toString()).put("handle", handle.value());
    try {
      AtomicFiles.write(
          home.resolve(FILE), (Json.writePretty(o) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + home.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }
}
