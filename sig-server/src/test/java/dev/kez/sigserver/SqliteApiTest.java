package dev.kez.sigserver;

import java.nio.file.Files;

/** The API suite on SQLite (the zero-config default). */
class SqliteApiTest extends ApiSuite {
  @Override
  String newDatabase() throws Exception {
    return Files.createTempDirectory("kez-sig-").resolve("kez-sig.db").toString();
  }
}
