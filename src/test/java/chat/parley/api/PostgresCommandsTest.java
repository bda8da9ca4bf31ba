package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresCommandsTest extends CommandsContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
