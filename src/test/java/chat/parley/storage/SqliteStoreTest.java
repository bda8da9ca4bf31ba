package chat.parley.storage;

import chat.parley.testing.Backend;

class SqliteStoreTest extends StoreContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
