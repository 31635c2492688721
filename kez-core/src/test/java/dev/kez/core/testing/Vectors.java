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
 * The test vectors, read unchanged from {@code testdata/vectors} in the repository (a byte-exact
 * copy of the shared vectors, with their licences and sources; {@code VectorsCopyTest} checks it
 * against {@code ../shared/vectors} when that folder exists). The build passes the location as the
 * {@code kez.vectors} property. A missing folder fails the test loudly: the vectors are part of
 * what the tests check.
 */
public final class Vectors {
  private Vectors() {}

  public static Path dir() {
    String configured = System.getProperty("kez.vectors");
    Path p = configured != null ? Path.of(configured) : findUpwards();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(
          "test vectors not found at "
              + p.toAbsolutePath()
              + " (expected testdata/vectors in the repository)");
    }
    return p.normalize();
  }

  private static Path findUpwards() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("testdata/vectors");
      if (Files.isDirectory(candidate)) return candidate;
    }
    return Path.of("testdata/vectors");
  }

  /** The shared vectors beside the repository ({@code ../shared/vectors}), when present. */
  public static java.util.Optional<Path> shared() {
    Path repo = dir().getParent().getParent();
    Path shared = repo.resolveSibling("shared").resolve("vectors");
    return Files.isDirectory(shared) ? java.util.Optional.of(shared) : java.util.Optional.empty();
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
