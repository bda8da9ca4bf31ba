package chat.parley.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What plain message sends do to their room and its subscriptions (message count, last message,
 * others' unread and alert, the sender's read mark), written once per room per group commit
 * instead of three statements per message: in a busy room most of a batch's sends touch the same
 * rows. The result is exactly what the per-message statements would have left, in the order the
 * sends ran (see {@link #apply}).
 *
 * <p>Correct by construction, like {@link AccessVersion}: before any statement that names {@code
 * rooms} or {@code subscriptions} runs on the writer, everything tallied so far is written, so no
 * statement ever reads or overwrites rows with tallied changes outstanding. A send's entries join
 * the batch only when its savepoint is released; if a later job that forced a write of the tally
 * rolls back, the tally is written again outside that job's savepoint.
 */
final class SendTally {
  /** One plain send (no mentions: those update single subscriptions in order, right away). */
  record Send(String roomId, String senderId, String messageId, Instant at, boolean threadOnly,
      boolean countUnread) {}

  private static final Pattern TALLIED_TABLES =
      Pattern.compile("\\b(?:rooms|subscriptions)\\b", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Boolean> CLASSIFIED = new java.util.concurrent.ConcurrentHashMap<>();

  private static final String COUNT_MESSAGES = AccessVersion.counterOnly(
      "UPDATE rooms SET msgs = msgs + ?, last_message_at = ?, updated_at = ?,"
          + " last_message_id = ? WHERE id = ?");
  private static final String COUNT_THREAD_ONLY = AccessVersion.counterOnly(
      "UPDATE rooms SET msgs = msgs + ?, updated_at = ? WHERE id = ?");
  private static final String COUNT_UNREAD_FOR_ALL = AccessVersion.counterOnly(
      "UPDATE subscriptions SET unread = unread + ?, alert = ?, open = ?, updated_at = ?"
          + " WHERE room_id = ?");
  private static final String ALERT_ALL = AccessVersion.counterOnly(
      "UPDATE subscriptions SET alert = ?, open = ?, updated_at = ?"
          + " WHERE room_id = ? AND (alert = ? OR open = ?)");
  private static final String SENDER_STATE = AccessVersion.counterOnly(
      "UPDATE subscriptions SET unread = ?, alert = ?, user_mentions = 0, group_mentions = 0,"
          + " open = ?, last_seen = ?, last_read = ?, updated_at = ? WHERE room_id = ? AND user_id = ?");

  /** Sends of released savepoints, not yet written. */
  private List<Send> pending = new ArrayList<>();
  /** Written inside the running job's savepoint: to write again if that job rolls back. */
  private List<Send> writtenInJob = List.of();
  private boolean writing;

  /** True if {@code sql} reads or writes rows the tally may still owe changes to. */
  static boolean touchesTallied(String sql) {
    Boolean known = CLASSIFIED.get(sql);
    if (known != null) {
      return known;
    }
    boolean touches = TALLIED_TABLES.matcher(sql).find();
    if (CLASSIFIED.size() < 4_096) {
      CLASSIFIED.put(sql, touches);
    }
    return touches;
  }

  /** Called by {@link Sql} before a statement: writes what is owed if the statement needs it. */
  void beforeStatement(JdbcTx tx, String sql) {
    if (writing || (pending.isEmpty() && tx.sends.isEmpty()) || !touchesTallied(sql)) {
      return;
    }
    List<Send> all = new ArrayList<>(pending.size() + tx.sends.size());
    all.addAll(pending);
    all.addAll(tx.sends);
    write(tx, all);
    if (writtenInJob.isEmpty()) {
      writtenInJob = pending;
    } else {
      List<Send> both = new ArrayList<>(writtenInJob);
      both.addAll(pending);
      writtenInJob = both;
    }
    pending = new ArrayList<>();
    tx.sends.clear();
  }

  /** The job's savepoint was released: its sends join the batch. */
  void jobSucceeded(JdbcTx tx) {
    writtenInJob = List.of();
    pending.addAll(tx.sends);
    tx.sends.clear();
  }

  /** The job's savepoint was rolled back (after that, on {@code outside}): re-owe what it undid. */
  void jobFailed(JdbcTx outside) {
    List<Send> undone = writtenInJob;
    writtenInJob = List.of();
    if (!undone.isEmpty()) {
      write(outside, undone);
    }
  }

  /** Before the commit: everything owed, outside any job's savepoint. */
  void writeAll(JdbcTx outside) {
    if (!pending.isEmpty()) {
      write(outside, pending);
      pending = new ArrayList<>();
    }
  }

  /** Writes {@code sends} directly (no batch): the path for a transaction outside the writer. */
  static void writeNow(JdbcTx tx, List<Send> sends) {
    new SendTally().write(tx, sends);
  }

  private void write(JdbcTx tx, List<Send> sends) {
    writing = true;
    try {
      Map<String, List<Send>> byRoom = new LinkedHashMap<>();
      for (Send send : sends) {
        byRoom.computeIfAbsent(send.roomId(), r -> new ArrayList<>()).add(send);
      }
      byRoom.forEach((roomId, roomSends) -> apply(tx, roomId, roomSends));
    } finally {
      writing = false;
    }
  }

  /**
   * The net effect of {@code sends} (in order) on one room, as the per-message statements leave
   * it: each message counts; the last one outside a thread is the room's last message; every
   * member is alerted (and counts it unread when the room counts all messages) except the sender,
   * whose read mark moves to their message. So a member who did not send ends with the sum, and a
   * sender ends with their own last read mark plus what others sent after it.
   */
  private static void apply(JdbcTx tx, String roomId, List<Send> sends) {
    Send last = sends.get(sends.size() - 1);
    Send lastInRoom = null;
    Send firstInRoom = null;
    Send lastCounted = null;
    int unread = 0;
    for (Send send : sends) {
      if (!send.threadOnly()) {
        lastInRoom = send;
        firstInRoom = firstInRoom == null ? send : firstInRoom;
        if (send.countUnread()) {
          unread++;
          lastCounted = send;
        }
      }
    }
    if (lastInRoom == null) {
      Sql.update(tx, COUNT_THREAD_ONLY, sends.size(), last.at(), roomId);
    } else {
      Sql.update(tx, COUNT_MESSAGES, sends.size(), lastInRoom.at(), last.at(),
          lastInRoom.messageId(), roomId);
    }
    // Everyone first; each sender's row is then overwritten with its exact state below.
    if (unread > 0) {
      Sql.update(tx, COUNT_UNREAD_FOR_ALL, unread, true, true, lastCounted.at(), roomId);
    } else if (firstInRoom != null) {
      Sql.update(tx, ALERT_ALL, true, true, firstInRoom.at(), roomId, false, false);
    }
    Map<String, Integer> lastBySender = new LinkedHashMap<>();
    for (int i = 0; i < sends.size(); i++) {
      lastBySender.put(sends.get(i).senderId(), i);
    }
    lastBySender.forEach((sender, index) -> {
      Send own = sends.get(index);
      int senderUnread = 0;
      boolean alert = false;
      Instant updatedAt = own.at();
      for (int j = index + 1; j < sends.size(); j++) {
        Send later = sends.get(j);
        if (later.threadOnly()) {
          continue;
        }
        if (later.countUnread()) {
          senderUnread++;
          alert = true;
          updatedAt = later.at();
        } else if (!alert) {
          alert = true;
          updatedAt = later.at();
        }
      }
      Sql.update(tx, SENDER_STATE, senderUnread, alert, true, own.at(), own.at(), updatedAt,
          roomId, sender);
    });
  }
}
