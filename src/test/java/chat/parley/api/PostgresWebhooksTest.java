package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresWebhooksTest extends WebhooksContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
