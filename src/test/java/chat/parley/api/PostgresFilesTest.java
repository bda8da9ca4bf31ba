package chat.parley.api;

import chat.parley.testing.Backend;

class PostgresFilesTest extends FilesContract {
  @Override
  Backend backend() {
    return Backend.POSTGRES;
  }
}
