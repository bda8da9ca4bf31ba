package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteMessageSettingsTest extends MessageSettingsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
