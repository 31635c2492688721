package dev.kez.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** I/O failures as sentences about the user's files, never a Java exception's name. */
public final class Inputs {
  private Inputs() {}

  public static String describe(IOException e) {
    return switch (e) {
      case NoSuchFileException f -> "no such file: " + f.getFile();
      case AccessDeniedException f -> "permission denied: " + f.getFile();
      case NotDirectoryException f -> "not a directory: " + f.getFile();
      case FileAlreadyExistsException f -> f.getFile() + " already exists and is not a directory";
      case FileSystemException f when f.getReason() != null ->
          (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
      case CharacterCodingException c -> "not UTF-8 text";
      default ->
          e.getMessage() == null || e.getMessage().isBlank()
              ? "an input or output error"
              : Kez.oneLine(e.getMessage());
    };
  }
}
