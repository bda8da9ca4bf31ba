package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteAdminApiTest extends AdminApiContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
