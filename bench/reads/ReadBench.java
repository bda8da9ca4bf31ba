import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Issue #4 read benchmark: 1,000,000 messages in one room, then history / thread / search latency.
 *
 * <p>Run with Parley's shaded jar on the class path (it carries the JDBC drivers and Jackson):
 * {@code java -cp parley.jar bench/reads/ReadBench.java <command> ...}. Commands:
 *
 * <ul>
 *   <li>{@code setup <baseUrl> <state.properties>}: registers users over REST (the first becomes
 *       admin), logs the reader in, creates the channel; writes ids and the token to the state file.
 *   <li>{@code load <jdbcUrl> <state.properties> [messages]}: with Parley stopped, bulk-inserts the
 *       messages with plain JDBC (10,000 per transaction), as Parley would store them.
 *   <li>{@code measure <baseUrl> <state.properties>}: sequential keep-alive GETs; per query 50
 *       warm-up requests then 300 samples (or a time cap); prints p50/p99/max.
 *   <li>{@code explain <jdbcUrl> <state.properties>}: the SQL Parley issues for those requests,
 *       with the database's plan and the time of the bare SQL (no HTTP, no JSON).
 * </ul>
 *
 * Only loopback URLs are accepted.
 */
public final class ReadBench {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int DEFAULT_MESSAGES = 1_000_000;
  static final int BATCH = 10_000;
  static final int THREAD_REPLIES = 1_000;
  static final String RARE_WORD = "zeppelin";
  static final String COMMON_WORD = "release";
  static final String JAPANESE_PHRASE = "会議室";
  static final String CHANNEL = "bench-reads";

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ReadBench setup|load|measure|explain <url> <state.properties> [n]");
      System.exit(2);
    }
    String url = args[1];
    if (!(url.startsWith("http://127.0.0.1:") || url.startsWith("jdbc:sqlite:")
        || url.startsWith("jdbc:postgresql://127.0.0.1:"))) {
      throw new IllegalArgumentException("loopback / local only: " + url);
    }
    Path state = Path.of(args[2]);
    switch (args[0]) {
      case "setup" -> setup(url, state);
      case "load" -> load(url, state, args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_MESSAGES);
      case "measure" -> measure(url, state);
      case "explain" -> explain(url, state);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // setup: users and the channel, through Parley's REST API

  static void setup(String base, Path stateFile) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Properties state = new Properties();
    String[] names = {"reader", "alice", "bob", "carol", "daiki", "emi"};
    String readerId = null;
    String token = null;
    for (String n : names) {
      JsonNode r = post(http, base, "/api/v1/users.register", Map.of("username", n,
          "email", n + "@example.com", "pass", "pw-" + n + "-secret", "name", cap(n)), null, null);
      if (!r.path("success").asBoolean()) {
        throw new IllegalStateException("register " + n + ": " + r);
      }
    }
    JsonNode login = post(http, base, "/api/v1/login",
        Map.of("user", "reader", "password", "pw-reader-secret"), null, null);
    readerId = login.path("data").path("userId").asText();
    token = login.path("data").path("authToken").asText();
    if (readerId.isEmpty() || token.isEmpty()) {
      throw new IllegalStateException("login: " + login);
    }
    JsonNode ch = post(http, base, "/api/v1/channels.create",
        Map.of("name", CHANNEL, "members", List.of("alice", "bob", "carol", "daiki", "emi")),
        readerId, token);
    String roomId = ch.path("channel").path("_id").asText();
    if (roomId.isEmpty()) {
      throw new IllegalStateException("channels.create: " + ch);
    }
    state.setProperty("userId", readerId);
    state.setProperty("token", token);
    state.setProperty("roomId", roomId);
    save(state, stateFile);
    System.out.println("setup: reader " + readerId + ", room " + roomId);
  }

  static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static JsonNode post(HttpClient http, String base, String path, Object body, String uid,
      String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (uid != null) {
      b.header("X-User-Id", uid).header("X-Auth-Token", token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  // ---------------------------------------------------------------------------------------------
  // load: 1M messages with plain JDBC

  static final String[] VOCAB = ("a about above after again against all am an and any are as at"
      + " back be because been before being below between both build but by can cache check"
      + " client code commit config could customer data database day deploy design did do does"
      + " doing done down during each error few fix for from further get good had has have"
      + " he her here hers him his how i idea if in into is issue it its just know later let"
      + " like log look lunch make me meeting merge more most my need new next no nor not now of"
      + " off on once only or other our out over own patch plan please project question quick"
      + " ready really review same see server she should so some soon such sure team test than"
      + " thanks that the their them then there these they think this those through to today"
      + " tomorrow too under until up user very was we week well were what when where which while"
      + " who why will with work would yes yesterday you your").split(" ");
  static final String[] JA_START = {"今日は", "明日は", "昨日は", "来週は", "午後は", "朝から",
      "さっき", "金曜日に", "月曜日の朝に", "たぶん"};
  static final String[] JA_MIDDLE = {"会議室で", "駅の近くで", "新しいサーバーで", "チームと一緒に",
      "東京のオフィスで", "自宅から", "お客様と", "テスト環境で", "カフェで", "本番環境で"};
  static final String[] JA_END = {"打ち合わせをします。", "資料を確認しました。",
      "テストが終わりました。", "リリースの準備をしています。", "バグを直しました。",
      "ランチを食べました。", "レビューをお願いします。", "設定を変更しました。",
      "ログを調べています。", "少し遅れます。"};
  static final String ID_CHARS = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";

  static String randomId(Random rnd) {
    char[] c = new char[17];
    for (int i = 0; i < c.length; i++) {
      c[i] = ID_CHARS.charAt(rnd.nextInt(ID_CHARS.length()));
    }
    return new String(c);
  }

  static String english(Random rnd) {
    int words = 4 + rnd.nextInt(12);
    StringBuilder sb = new StringBuilder();
    int commonAt = rnd.nextInt(10) == 0 ? rnd.nextInt(words) : -1; // ~10% carry the common word
    for (int w = 0; w < words; w++) {
      String word = w == commonAt ? COMMON_WORD : VOCAB[rnd.nextInt(VOCAB.length)];
      if (w == 0) {
        word = cap(word);
      }
      sb.append(w == 0 ? "" : " ").append(word);
    }
    return sb.append(rnd.nextInt(4) == 0 ? "?" : ".").toString();
  }

  static String japanese(Random rnd) {
    return JA_START[rnd.nextInt(JA_START.length)] + JA_MIDDLE[rnd.nextInt(JA_MIDDLE.length)]
        + JA_END[rnd.nextInt(JA_END.length)];
  }

  record Author(String id, String username, String name) {}

  static void load(String jdbcUrl, Path stateFile, int n) throws Exception {
    Properties state = load(stateFile);
    boolean pg = jdbcUrl.startsWith("jdbc:postgresql:");
    String url = pg ? jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true"
        : jdbcUrl;
    String roomId = state.getProperty("roomId");
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url)) {
      List<Author> authors = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, username, name FROM users ORDER BY username")) {
        while (rs.next()) {
          authors.add(new Author(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      if (authors.size() < 2) {
        throw new IllegalStateException("run setup first");
      }
      try (Statement s = c.createStatement()) {
        if (pg) {
          // The trigram GIN index is built once after the load (same end state, much faster
          // than maintaining it row by row). Everything else is maintained during the inserts.
          s.execute("DROP INDEX IF EXISTS messages_msg_trgm");
        } else {
          s.execute("PRAGMA synchronous=OFF"); // this loader's connection only
          s.execute("PRAGMA cache_size=-262144");
        }
      }
      c.setAutoCommit(false);

      Random rnd = new Random(4);
      long base = Instant.now().toEpochMilli() - n - 60_000L; // newest message 1 minute ago
      int parentIndex = n / 2;
      int replyStride = Math.max(1, Math.min(20, (n - parentIndex - 1) / THREAD_REPLIES));
      int deepIndex = Math.max(0, n - 900_000);
      String parentId = null;
      List<String> replierIds = new ArrayList<>();
      long lastReplyTs = 0;
      int replies = 0;
      long rareHits = 0;
      long commonHits = 0;
      long japaneseHits = 0;
      long japaneseMessages = 0;
      String lastId = null;
      long lastTs = 0;
      String deepTs = null;
      String sql = "INSERT INTO messages (id, room_id, ts, updated_at, user_id, username, user_name,"
          + " msg, t, tmid, extra, tcount, tlm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < n; i++) {
          long ts = base + i;
          String id = randomId(rnd);
          Author a = authors.get(rnd.nextInt(authors.size()));
          String text;
          String tmid = null;
          boolean isReply = parentId != null && replies < THREAD_REPLIES
              && (i - parentIndex) % replyStride == 0;
          if (i % (n / 10) == 37 % (n / 10) && rareHits < 10) {
            text = "Has anyone seen the " + RARE_WORD + " " + VOCAB[rnd.nextInt(VOCAB.length)] + "?";
          } else if (rnd.nextInt(20) == 0 && !isReply && i != parentIndex) {
            text = japanese(rnd);
          } else {
            text = english(rnd);
          }
          if (i == parentIndex) {
            parentId = id;
            text = "Thread: " + text;
          } else if (isReply) {
            tmid = parentId;
            replies++;
            lastReplyTs = ts;
            if (!replierIds.contains(a.id())) {
              replierIds.add(a.id());
            }
          }
          String lower = text.toLowerCase(Locale.ROOT);
          rareHits += lower.contains(RARE_WORD) ? 1 : 0;
          commonHits += lower.contains(COMMON_WORD) ? 1 : 0;
          japaneseHits += text.contains(JAPANESE_PHRASE) ? 1 : 0;
          japaneseMessages += text.codePointAt(0) > 0x3000 ? 1 : 0;
          if (i == deepIndex) {
            deepTs = Instant.ofEpochMilli(ts).toString();
            state.setProperty("deepIndex", Integer.toString(i));
          }
          ps.setString(1, id);
          ps.setString(2, roomId);
          ps.setLong(3, ts);
          ps.setLong(4, ts);
          ps.setString(5, a.id());
          ps.setString(6, a.username());
          ps.setString(7, a.name());
          ps.setString(8, text);
          ps.setString(9, tmid);
          ps.setString(10, null);
          ps.setInt(11, 0);
          ps.setObject(12, null, java.sql.Types.BIGINT);
          ps.addBatch();
          lastId = id;
          lastTs = ts;
          if ((i + 1) % BATCH == 0 || i == n - 1) {
            ps.executeBatch();
            c.commit();
            if ((i + 1) % 100_000 == 0) {
              System.out.printf("load: %,d messages, %.1f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
            }
          }
        }
      }
      // The thread parent as Parley keeps it: reply count, last reply time, repliers.
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE messages SET tcount = ?, tlm = ?, updated_at = ?, extra = ? WHERE id = ?")) {
        ps.setInt(1, replies);
        ps.setLong(2, lastReplyTs);
        ps.setLong(3, lastReplyTs);
        ps.setString(4, JSON.writeValueAsString(Map.of("replies", replierIds)));
        ps.setString(5, parentId);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO thread_followers (thread_id, room_id, user_id) VALUES (?, ?, ?)")) {
        for (String uid : replierIds) {
          ps.setString(1, parentId);
          ps.setString(2, roomId);
          ps.setString(3, uid);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE rooms SET msgs = msgs + ?,"
          + " last_message_id = ?, last_message_at = ?, updated_at = ? WHERE id = ?")) {
        ps.setLong(1, n);
        ps.setString(2, lastId);
        ps.setLong(3, lastTs);
        ps.setLong(4, lastTs);
        ps.setString(5, roomId);
        ps.executeUpdate();
      }
      c.commit();
      double insertSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("load: %,d rows inserted in %.1f s%n", n, insertSeconds);
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        if (pg) {
          long t1 = System.nanoTime();
          s.execute("SET maintenance_work_mem = '512MB'");
          s.execute("CREATE INDEX messages_msg_trgm ON messages USING gin (msg gin_trgm_ops)");
          System.out.printf("load: trigram GIN index built in %.1f s%n", (System.nanoTime() - t1) / 1e9);
          t1 = System.nanoTime();
          // What autovacuum would do shortly after such a load; makes timings reproducible.
          s.execute("VACUUM ANALYZE messages");
          System.out.printf("load: VACUUM ANALYZE in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        } else {
          long t1 = System.nanoTime();
          s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
          System.out.printf("load: WAL checkpoint in %.1f s%n", (System.nanoTime() - t1) / 1e9);
          // No ANALYZE: Parley never runs it, so the planner works without sqlite_stat1 as in
          // production.
        }
      }
      double total = (System.nanoTime() - t0) / 1e9;
      System.out.printf("load: total %.1f s (%.0f messages/s)%n", total, n / total);
      state.setProperty("messages", Integer.toString(n));
      state.setProperty("parentId", parentId);
      state.setProperty("threadReplies", Integer.toString(replies));
      state.setProperty("deepLatest", deepTs);
      state.setProperty("rareHits", Long.toString(rareHits));
      state.setProperty("commonHits", Long.toString(commonHits));
      state.setProperty("japaneseHits", Long.toString(japaneseHits));
      state.setProperty("japaneseMessages", Long.toString(japaneseMessages));
      state.setProperty("loadSeconds", String.format(Locale.ROOT, "%.1f", total));
      save(state, stateFile);
      System.out.printf("load: thread %s has %d replies; hits: %s=%d %s=%d %s=%d; %d Japanese"
          + " messages; deep page latest=%s%n", parentId, replies, RARE_WORD, rareHits, COMMON_WORD,
          commonHits, JAPANESE_PHRASE, japaneseHits, japaneseMessages, deepTs);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // measure: the REST requests

  record Query(String name, String path) {}

  static List<Query> queries(Properties s) {
    String room = s.getProperty("roomId");
    return List.of(
        new Query("channels.history newest (count=50)",
            "/api/v1/channels.history?roomId=" + room + "&count=50"),
        new Query("channels.history deep (latest=~900k back, count=50)",
            "/api/v1/channels.history?roomId=" + room + "&count=50&latest=" + enc(s.getProperty("deepLatest"))),
        new Query("chat.getThreadMessages (1,000 replies, count=50)",
            "/api/v1/chat.getThreadMessages?tmid=" + s.getProperty("parentId") + "&count=50"),
        new Query("chat.search rare word '" + RARE_WORD + "' (" + s.getProperty("rareHits") + " hits)",
            "/api/v1/chat.search?roomId=" + room + "&count=50&searchText=" + enc(RARE_WORD)),
        new Query("chat.search common word '" + COMMON_WORD + "' (" + s.getProperty("commonHits") + " hits, count=50)",
            "/api/v1/chat.search?roomId=" + room + "&count=50&searchText=" + enc(COMMON_WORD)),
        new Query("chat.search Japanese '" + JAPANESE_PHRASE + "' (" + s.getProperty("japaneseHits") + " hits, count=50)",
            "/api/v1/chat.search?roomId=" + room + "&count=50&searchText=" + enc(JAPANESE_PHRASE)));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void measure(String base, Path stateFile) throws Exception {
    Properties s = load(stateFile);
    int warmup = Integer.getInteger("warmup", 50);
    int samples = Integer.getInteger("samples", 300);
    double capSeconds = Double.parseDouble(System.getProperty("capSeconds", "90"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    System.out.printf("%-62s %6s %6s %9s %9s %9s%n", "query", "items", "n", "p50 ms", "p99 ms", "max ms");
    StringBuilder tsv = new StringBuilder();
    for (Query q : queries(s)) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + q.path()))
          .timeout(Duration.ofSeconds(60))
          .header("X-User-Id", s.getProperty("userId"))
          .header("X-Auth-Token", s.getProperty("token"))
          .GET().build();
      int items = check(http, req, q);
      long start = System.nanoTime();
      for (int i = 0; i < warmup && (System.nanoTime() - start) / 1e9 < capSeconds / 3; i++) {
        send(http, req, q);
      }
      long[] lat = new long[samples];
      int n = 0;
      start = System.nanoTime();
      while (n < samples && (n < 20 || (System.nanoTime() - start) / 1e9 < capSeconds)) {
        long t = System.nanoTime();
        send(http, req, q);
        lat[n++] = System.nanoTime() - t;
      }
      long[] l = Arrays.copyOf(lat, n);
      Arrays.sort(l);
      double p50 = pct(l, 0.50), p99 = pct(l, 0.99), max = l[n - 1] / 1e6;
      System.out.printf("%-62s %6d %6d %9.2f %9.2f %9.2f%n", q.name(), items, n, p50, p99, max);
      tsv.append(String.format(Locale.ROOT, "%s\t%d\t%d\t%.2f\t%.2f\t%.2f%n", q.name(), items, n, p50, p99, max));
    }
    String out = System.getProperty("tsv");
    if (out != null) {
      Files.writeString(Path.of(out), tsv.toString());
    }
  }

  /** Nearest-rank percentile, in ms. */
  static double pct(long[] sorted, double p) {
    int idx = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
  }

  static void send(HttpClient http, HttpRequest req, Query q) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(q.name() + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  /** One request whose answer is checked: success, and how many messages it carries. */
  static int check(HttpClient http, HttpRequest req, Query q) throws Exception {
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !body.path("success").asBoolean()) {
      throw new IllegalStateException(q.name() + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return body.path("messages").size();
  }

  // ---------------------------------------------------------------------------------------------
  // explain: Parley's SQL for the same requests, planned and timed without HTTP

  static final String COLUMNS = "id, room_id, ts, updated_at, user_id, username, user_name,"
      + " msg, t, tmid, extra, tcount, tlm, tshow, edited_at, edited_by_id, edited_by_username, pinned";
  static final String M_COLUMNS = "m." + COLUMNS.replace(", ", ", m.");

  record Sql(String name, String sql, Object... params) {}

  static List<Sql> statements(Properties s, boolean pg) {
    String room = s.getProperty("roomId");
    long now = Instant.now().toEpochMilli();
    long deep = Instant.parse(s.getProperty("deepLatest")).toEpochMilli();
    String parent = s.getProperty("parentId");
    String history = "SELECT " + COLUMNS + " FROM messages WHERE room_id = ? AND ts < ?"
        + " AND (tmid IS NULL OR tshow = ?) ORDER BY ts DESC, seq DESC LIMIT ? OFFSET ?";
    String thread = " FROM messages m WHERE m.tmid = ?";
    List<Sql> out = new ArrayList<>(List.of(
        new Sql("history newest", history, room, now, true, 50, 0),
        new Sql("history deep", history, room, deep, true, 50, 0),
        new Sql("thread count", "SELECT COUNT(*)" + thread, parent),
        new Sql("thread page", "SELECT " + M_COLUMNS + thread + " ORDER BY m.ts, m.seq LIMIT ? OFFSET ?", parent, 50, 0)));
    for (String word : List.of(RARE_WORD, COMMON_WORD, JAPANESE_PHRASE)) {
      String from;
      Object needle;
      if (pg) {
        from = " FROM messages m WHERE m.room_id = ? AND m.t IS NULL AND m.msg ILIKE ? ESCAPE '\\'";
        needle = "%" + word + "%";
      } else {
        from = " FROM messages m JOIN search.messages_fts f ON f.rowid = m.seq WHERE m.room_id = ?"
            + " AND m.t IS NULL AND f.messages_fts MATCH ?";
        needle = "\"" + word + "\"";
      }
      out.add(new Sql("search count '" + word + "'", "SELECT COUNT(*)" + from, room, needle));
      out.add(new Sql("search page '" + word + "'", "SELECT " + M_COLUMNS + from
          + " ORDER BY m.ts DESC, m.seq DESC LIMIT ? OFFSET ?", room, needle, 50, 0));
    }
    if (!pg) {
      // Suggested alternative (not what Parley runs today): walk the FTS5 index newest rowid first
      // and stop after one page; seq follows insertion order, which is ts order for live traffic.
      for (String word : List.of(RARE_WORD, COMMON_WORD, JAPANESE_PHRASE)) {
        out.add(new Sql("SUGGESTED search page by FTS rowid '" + word + "'", "SELECT " + M_COLUMNS
            + " FROM search.messages_fts f CROSS JOIN messages m ON m.seq = f.rowid"
            + " WHERE f.messages_fts MATCH ? AND m.room_id = ? AND m.t IS NULL"
            + " ORDER BY f.rowid DESC LIMIT ? OFFSET ?", "\"" + word + "\"", room, 50, 0));
      }
    }
    return out;
  }

  static void explain(String jdbcUrl, Path stateFile) throws Exception {
    Properties s = load(stateFile);
    boolean pg = jdbcUrl.startsWith("jdbc:postgresql:");
    int runs = Integer.getInteger("runs", 30);
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      if (!pg) {
        // SQLite's search index lives in its own file beside parley.db (SearchIndex).
        String db = jdbcUrl.substring("jdbc:sqlite:".length());
        try (Statement st = c.createStatement()) {
          st.execute("ATTACH DATABASE '" + Path.of(db).resolveSibling("search.db").toString()
              .replace("'", "''") + "' AS search");
        }
      }
      for (Sql q : statements(s, pg)) {
        System.out.println("---- " + q.name() + ": " + q.sql());
        try (PreparedStatement ps = c.prepareStatement((pg ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ") + q.sql())) {
          bind(ps, q.params());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              System.out.println(pg ? "  " + rs.getString(1)
                  : "  " + "  ".repeat(depth(rs)) + rs.getString("detail"));
            }
          }
        }
        long[] t = new long[runs];
        int rows = 0;
        long started = System.nanoTime();
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
          bind(ps, q.params());
          while (n < runs && (n < 3 || (System.nanoTime() - started) / 1e9 < 20)) {
            long t0 = System.nanoTime();
            rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows++;
                rs.getString(1);
              }
            }
            t[n++] = System.nanoTime() - t0;
          }
        }
        long[] l = Arrays.copyOf(t, n);
        Arrays.sort(l);
        System.out.printf("  => bare SQL over JDBC: %d rows, median %.2f ms, max %.2f ms (n=%d)%n",
            rows, pct(l, 0.5), l[n - 1] / 1e6, n);
      }
      if (pg) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
            "SELECT pg_size_pretty(pg_database_size(current_database())),"
                + " pg_size_pretty(pg_table_size('messages')),"
                + " pg_size_pretty(pg_indexes_size('messages')),"
                + " pg_size_pretty(pg_relation_size('messages_msg_trgm'))")) {
          rs.next();
          System.out.printf("size: database %s; messages table %s, its indexes %s (trigram GIN %s)%n",
              rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
      }
    }
  }

  static int depth(ResultSet rs) throws SQLException {
    // EXPLAIN QUERY PLAN rows: id, parent, notused, detail; indent by nesting (approximate).
    return rs.getInt("parent") == 0 ? 0 : 1;
  }

  static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  // ---------------------------------------------------------------------------------------------

  static Properties load(Path f) throws IOException {
    Properties p = new Properties();
    if (Files.exists(f)) {
      try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }

  static void save(Properties p, Path f) throws IOException {
    try (var w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      p.store(w, "ReadBench state");
    }
  }

  private ReadBench() {}
}
