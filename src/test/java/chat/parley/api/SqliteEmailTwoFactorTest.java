package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteEmailTwoFactorTest extends EmailTwoFactorContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
