package dev.kez.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code testdata/vectors} is a byte-exact copy of {@code ../shared/vectors}: a
 * fresh clone tests against the same vectors, and nobody edits them. Where the shared folder is
 * absent (a clone on its own) there is nothing to compare, and the test says so by passing on the
 * repository's copy alone, which must still hold every file.
 */
class VectorsCopyTest {
  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void theCopyInTheRepositoryEqualsTheSharedVectors() throws IOException {
    Path copy = Vectors.dir();
    List<Path> ours = files(copy);
    assertFalse(ours.isEmpty(), "testdata/vectors is empty");
    var shared = Vectors.shared();
    if (shared.isEmpty()) return;
    assertEquals(
        files(shared.get()), ours, "testdata/vectors lists other files than ../shared/vectors");
    for (Path f : ours) {
      assertArrayEquals(
          Files.readAllBytes(shared.get().resolve(f)),
          Files.readAllBytes(copy.resolve(f)),
          "testdata/vectors/" + f + " differs from ../shared/vectors/" + f);
    }
  }
}
