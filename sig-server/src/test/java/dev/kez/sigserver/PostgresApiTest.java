package dev.kez.sigserver;

import dev.kez.server.testing.PgCluster;

/** The API suite on a real PostgreSQL server (a throwaway cluster; fails if it cannot start). */
class PostgresApiTest extends ApiSuite {
  @Override
  String newDatabase() {
    return PgCluster.shared().newDatabase();
  }
}
