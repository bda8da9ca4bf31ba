package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresBadInputTest extends BadInputContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
