package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteBadInputTest extends BadInputContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
