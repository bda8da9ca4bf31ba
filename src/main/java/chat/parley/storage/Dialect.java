package chat.parley.storage;

/** The few places where SQLite and PostgreSQL SQL differ. */
public enum Dialect {
  SQLITE,
  POSTGRES;

  String migrationLocation() {
    return this == SQLITE ? "classpath:db/migration/sqlite" : "classpath:db/migration/postgres";
  }

  /** True when {@code e} is a unique or primary-key violation. */
  boolean isUniqueViolation(java.sql.SQLException e) {
    return switch (this) {
      // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067), or the base 19.
      case SQLITE -> e.getErrorCode() == 19
          || e.getErrorCode() == 1555
          || e.getErrorCode() == 2067
          || String.valueOf(e.getMessage()).contains("UNIQUE constraint failed");
      case POSTGRES -> "23505".equals(e.getSQLState());
    };
  }
}
