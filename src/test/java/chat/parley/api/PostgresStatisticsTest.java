package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresStatisticsTest extends StatisticsContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
