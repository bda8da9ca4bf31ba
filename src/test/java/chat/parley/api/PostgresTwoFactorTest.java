package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresTwoFactorTest extends TwoFactorContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
