package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteOutgoingWebhooksTest extends OutgoingWebhooksContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
