package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresOutgoingWebhooksTest extends OutgoingWebhooksContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
