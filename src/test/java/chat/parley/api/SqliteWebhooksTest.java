package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteWebhooksTest extends WebhooksContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
