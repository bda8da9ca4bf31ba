package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresMessageSettingsTest extends MessageSettingsContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
