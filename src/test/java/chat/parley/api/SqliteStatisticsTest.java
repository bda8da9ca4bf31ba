package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteStatisticsTest extends StatisticsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
