package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresAccountAdminTest extends AccountAdminContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
