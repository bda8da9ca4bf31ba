package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresEmailTwoFactorTest extends EmailTwoFactorContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
