package chat.parley.testing;

import java.util.Optional;

/** Which database a test server runs on. */
public enum Backend {
  SQLITE,
  POSTGRES;

  /** A fresh, empty database URL for this backend (empty for SQLite: it lives in the data dir). */
  public Optional<String> freshDatabaseUrl() {
    return this == SQLITE ? Optional.empty() : Optional.of(EmbeddedPostgres.freshDatabase());
  }
}
