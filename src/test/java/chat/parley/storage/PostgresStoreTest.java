package chat.parley.storage;

import chat.parley.testing.Backend;

class PostgresStoreTest extends StoreContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
