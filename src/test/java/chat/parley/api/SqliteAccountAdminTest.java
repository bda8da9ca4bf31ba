package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteAccountAdminTest extends AccountAdminContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
