package dev.kez.cli.sigchain;

import dev.kez.core.MalformedException;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.Link;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading chain bundles given on the command line (also for {@code kez verify claim --chain}). */
public final class ChainFiles {
  private ChainFiles() {}

  /**
   * The links of a bundle file. A malformed line throws {@link MalformedException} naming the
   * file and line; a missing file throws one too (bad input).
   */
  public static List<Link> read(Path file) {
    List<Link> links = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Bundle.read(r).forEachRemaining(links::add);
    } catch (NoSuchFileException e) {
      throw new MalformedException("no such file: " + file);
    } catch (MalformedException e) {
      throw new MalformedException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof java.nio.charset.MalformedInputException) throw new MalformedException(file + ": not UTF-8 text");
      throw e;
    }
    return links;
  }

  /** Each file as one source, for {@link dev.kez.core.chain.Forks}. */
  public static List<List<Link>> readAll(List<Path> files) {
    List<List<Link>> sources = new ArrayList<>();
    for (Path f : files) sources.add(read(f));
    return sources;
  }
}
