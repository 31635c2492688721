package dev.kez.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The shared test vectors, read unchanged from {@code ../shared/vectors} beside the
 * repository (the build passes its location as the {@code kez.vectors} property). A missing
 * folder fails the test loudly: the vectors are part of what the tests check.
 */
public final class Vectors {
  private Vectors() {}

  public static Path dir() {
    String configured = System.getProperty("kez.vectors");
    Path p = configured != null ? Path.of(configured) : findUpwards();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("test vectors not found at " + p.toAbsolutePath()
          + " (expected ../shared/vectors beside the repository)");
    }
    return p.normalize();
  }

  private static Path findUpwards() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/vectors");
      if (Files.isDirectory(candidate)) return candidate;
    }
    return Path.of("../shared/vectors");
  }

  public static Path path(String relative) {
    return dir().resolve(relative);
  }

  public static String text(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a vector file. The files are trusted test data, read with the same strict reader. */
  public static JsonNode json(String relative) {
    return Json.parse(text(relative));
  }

  public static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
