package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteCommandsTest extends CommandsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
