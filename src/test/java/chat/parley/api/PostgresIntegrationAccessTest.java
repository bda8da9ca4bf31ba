package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresIntegrationAccessTest extends IntegrationAccessContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
