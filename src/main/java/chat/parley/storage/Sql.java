package chat.parley.storage;

import chat.parley.common.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parameterised statements over a {@link Tx}; every value is bound, never concatenated. */
final class Sql {
  private Sql() {}

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Thrown for a unique-constraint violation so a store can turn it into a domain conflict. */
  static final class UniqueViolation extends RuntimeException {
    UniqueViolation(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  static int update(Tx tx, String sql, Object... params) {
    JdbcTx jdbc = JdbcTx.of(tx);
    PreparedStatement ps = null;
    try {
      if (jdbc.tally != null) {
        jdbc.tally.beforeStatement(jdbc, sql);
      }
      if (AccessVersion.affectsAccess(sql)) {
        AccessVersion.bump();
        jdbc.changedAccess = true;
      }
      ps = jdbc.prepare(sql);
      bind(ps, params);
      return ps.executeUpdate();
    } catch (SQLException e) {
      if (jdbc.dialect.isUniqueViolation(e)) {
        throw new UniqueViolation(e);
      }
      throw new StorageException("Update failed", e);
    } finally {
      closeUnlessCached(jdbc, ps);
    }
  }

  private static void closeUnlessCached(JdbcTx jdbc, PreparedStatement ps) {
    if (ps != null && !jdbc.cached()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // Nothing useful to do.
      }
    }
  }

  static <T> List<T> list(Tx tx, String sql, RowMapper<T> mapper, Object... params) {
    JdbcTx jdbc = JdbcTx.of(tx);
    PreparedStatement ps = null;
    try {
      if (jdbc.tally != null) {
        jdbc.tally.beforeStatement(jdbc, sql);
      }
      ps = jdbc.prepare(sql);
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new StorageException("Query failed", e);
    } finally {
      closeUnlessCached(jdbc, ps);
    }
  }

  static <T> Optional<T> one(Tx tx, String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = list(tx, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
  }

  static long count(Tx tx, String sql, Object... params) {
    return one(tx, sql, rs -> rs.getLong(1), params).orElse(0L);
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, Types.NULL);
      } else if (p instanceof java.time.Instant instant) {
        ps.setLong(i + 1, instant.toEpochMilli());
      } else if (p instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : java.time.Instant.ofEpochMilli(value);
  }
}
