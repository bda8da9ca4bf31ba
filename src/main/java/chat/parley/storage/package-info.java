/**
 * JDBC implementations of the feature stores, for SQLite and PostgreSQL alike. Only {@link
 * chat.parley.storage.Db} chooses the database; SQL differences live in {@link
 * chat.parley.storage.Dialect}; every value is a bound parameter.
 */
package chat.parley.storage;
