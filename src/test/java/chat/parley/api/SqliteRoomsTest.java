package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteRoomsTest extends RoomsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
