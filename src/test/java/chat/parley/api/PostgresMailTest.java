package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresMailTest extends MailContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
