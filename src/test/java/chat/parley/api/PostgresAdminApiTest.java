package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresAdminApiTest extends AdminApiContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
