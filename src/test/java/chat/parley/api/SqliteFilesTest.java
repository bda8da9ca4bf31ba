package chat.parley.api;

import chat.parley.testing.Backend;

class SqliteFilesTest extends FilesContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
