package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteIntegrationAccessTest extends IntegrationAccessContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
