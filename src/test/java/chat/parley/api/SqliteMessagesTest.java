package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteMessagesTest extends MessagesContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
