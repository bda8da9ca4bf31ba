package chat.parley.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The single writer's side of the {@link SearchIndex}: after each commit it wakes the indexer,
 * and it forgets the edits and deletions the indexer has applied (inside a batch, once the
 * indexer got further), noting how far in {@code search_state} so that an older index file is
 * rebuilt instead of missing them.
 */
final class SearchIndexFeed implements GroupCommitWriter.BatchHook {
  private static final String PRUNE = "DELETE FROM search_changes WHERE id <= ?";
  private static final String MARK =
      "UPDATE search_state SET changes_pruned_upto = ? WHERE id = 1 AND changes_pruned_upto < ?";

  private final SearchIndex index;
  /** Writer thread only. */
  private long pruned;
  private Connection preparedOn;
  private PreparedStatement prune;
  private PreparedStatement mark;

  SearchIndexFeed(SearchIndex index) {
    this.index = index;
  }

  @Override
  public void beforeCommit(Connection conn) throws SQLException {
    long applied = index.indexedChange();
    if (applied <= pruned) {
      return;
    }
    if (conn != preparedOn) {
      prune = conn.prepareStatement(PRUNE);
      mark = conn.prepareStatement(MARK);
      preparedOn = conn;
    }
    prune.setLong(1, applied);
    prune.executeUpdate();
    mark.setLong(1, applied);
    mark.setLong(2, applied);
    mark.executeUpdate();
    pruned = applied;
  }

  @Override
  public void afterCommit() {
    index.poke();
  }
}
