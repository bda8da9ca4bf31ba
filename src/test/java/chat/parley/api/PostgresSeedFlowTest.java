package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresSeedFlowTest extends SeedFlowContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
