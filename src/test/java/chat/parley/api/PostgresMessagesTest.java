package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresMessagesTest extends MessagesContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
