package dev.kez.cli.chat;

import dev.kez.chat.protocol.Handle;
import dev.kez.cli.Converters;
import dev.kez.core.MalformedException;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The command-line types of {@code kez chat}: a server origin and a handle. */
final class ChatServers {
  private ChatServers() {}

  /**
   * A chat server is an origin: http(s), a host, no path. The WebSocket's auth object names the
   * path {@code /v1/ws/{handle}} itself (chat.md §6), so a server below a path prefix could not be
   * authenticated to.
   */
  static URI parse(String s) {
    URI u;
    try {
      u = Converters.httpUrl(s);
    } catch (TypeConversionException e) {
      throw new MalformedException(e.getMessage());
    }
    if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
      throw new MalformedException(
          "'" + s + "': a chat server is an origin such as https://chat.example, without a path");
    }
    return URI.create(
        u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + u.getRawAuthority());
  }

  static final class Server implements ITypeConverter<URI> {
    @Override
    public URI convert(String s) {
      try {
        return parse(s);
      } catch (MalformedException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A handle as people type it: {@code alice}, {@code Alice} or {@code @alice}. */
  static final class HandleInput implements ITypeConverter<Handle> {
    @Override
    public Handle convert(String s) {
      try {
        return Handle.parse(s.startsWith("@") ? s.substring(1) : s);
      } catch (MalformedException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
