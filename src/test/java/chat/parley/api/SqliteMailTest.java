package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteMailTest extends MailContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
