package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresRoomsTest extends RoomsContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
