package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteTwoFactorTest extends TwoFactorContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
