package dev.kez.cli.sigchain;

import dev.kez.cli.Failure;
import dev.kez.cli.Inputs;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainException;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Reading chain bundles given on the command line (also for {@code kez verify claim --chain}). */
public final class ChainFiles {
  private ChainFiles() {}

  /**
   * The links of a bundle file. A malformed line throws {@link MalformedException} naming the file
   * and line; a missing file throws one too (bad input).
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
      throw new UncheckedIOException("cannot read " + file + ": " + Inputs.describe(e), e);
    } catch (UncheckedIOException e) { // from the bundle's line iterator
      if (e.getCause() instanceof java.nio.charset.CharacterCodingException)
        throw new MalformedException(file + ": not UTF-8 text");
      if (Files.isDirectory(file))
        throw new MalformedException(file + " is a directory, not a bundle file");
      throw new UncheckedIOException(
          "cannot read " + file + ": " + Inputs.describe(e.getCause()), e.getCause());
    }
    return links;
  }

  /**
   * Opens a local chain (KEZ_HOME/sigchain.jsonl, or a copy kept with --out), verifying it; one
   * that is damaged or unreadable is a {@link Failure#local}.
   */
  public static ChainStore openLocal(Path file, Clock clock) {
    try {
      return ChainStore.open(file, clock);
    } catch (ChainException | MalformedException e) {
      throw Failure.local("the local sigchain " + file + " is damaged: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw Failure.local(
          "cannot read the local sigchain " + file + ": " + Inputs.describe(e.getCause()));
    }
  }

  /** Each file as one source, for {@link dev.kez.core.chain.Forks}. */
  public static List<List<Link>> readAll(List<Path> files) {
    List<List<Link>> sources = new ArrayList<>();
    for (Path f : files) sources.add(read(f));
    return sources;
  }
}
