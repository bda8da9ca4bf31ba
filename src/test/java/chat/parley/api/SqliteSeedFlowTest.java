package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteSeedFlowTest extends SeedFlowContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
