package chat.parley.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server on 127.0.0.1 for tests: greets, answers EHLO with AUTH PLAIN LOGIN, takes
 * AUTH, MAIL, RCPT, DATA (undoing dot-stuffing), RSET, NOOP and QUIT, and keeps what it receives.
 * Recipients in {@link #refuse} get a 550 at RCPT.
 */
public final class SmtpSink implements AutoCloseable {
  /** One accepted message with the credentials its session authenticated with. */
  public record Received(String from, String to, String data, String user, String password,
      String ehlo) {
    public Map<String, String> headers() {
      Map<String, String> out = new LinkedHashMap<>();
      String head = data.substring(0, data.indexOf("\r\n\r\n"));
      for (String line : head.replace("\r\n ", " ").split("\r\n")) {
        int colon = line.indexOf(':');
        out.put(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
      }
      return out;
    }

    /** The Subject header with RFC 2047 words decoded. */
    public String subject() {
      Matcher m = Pattern.compile("=\\?UTF-8\\?B\\?([^?]*)\\?=\\s*").matcher(headers().get("subject"));
      StringBuilder out = new StringBuilder();
      int last = 0;
      String raw = headers().get("subject");
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      while (m.find()) {
        out.append(raw, last, m.start());
        bytes.writeBytes(Base64.getDecoder().decode(m.group(1)));
        last = m.end();
        if (last >= raw.length() || !raw.startsWith("=?", last)) {
          out.append(bytes.toString(StandardCharsets.UTF_8));
          bytes.reset();
        }
      }
      return out.append(raw.substring(last)).toString();
    }

    /** The decoded body of the part with this content type ({@code text/plain}, {@code text/html}). */
    public String part(String type) {
      int at = data.indexOf("Content-Type: " + type);
      if (at < 0) {
        throw new AssertionError("no " + type + " part in\n" + data);
      }
      int start = data.indexOf("\r\n\r\n", at) + 4;
      int end = data.indexOf("\r\n--", start);
      String b64 = data.substring(start, end < 0 ? data.length() : end).replaceAll("\\s", "");
      return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
  }

  private final ServerSocket server;
  private final java.util.concurrent.LinkedBlockingQueue<Received> inbox =
      new java.util.concurrent.LinkedBlockingQueue<>();
  private final List<Received> held = new ArrayList<>();
  public final Set<String> refuse = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Recipients refused once with a temporary 451, then accepted. */
  public final Set<String> failOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<Socket> sessions = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private final javax.net.ssl.SSLContext tls;
  /** What EHLO advertises after AUTH. */
  public volatile String authMechanisms = "PLAIN LOGIN";
  /** How many sessions switched to TLS with STARTTLS. */
  public final java.util.concurrent.atomic.AtomicInteger startTlsCount = new java.util.concurrent.atomic.AtomicInteger();

  public SmtpSink() {
    this(null);
  }

  /** With {@code tls}, EHLO offers STARTTLS and the session switches to TLS on it. */
  public SmtpSink(javax.net.ssl.SSLContext tls) {
    this.tls = tls;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    acceptor = Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          sessions.add(s);
          Thread.ofVirtual().start(() -> session(s));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /**
   * Server settings that send Parley's mail to this sink (with authentication, as the SMTP
   * contract checks), plus {@code extra}.
   */
  public java.util.Map<String, String> settings(String... extra) {
    java.util.Map<String, String> out = new java.util.HashMap<>(java.util.Map.of("SMTP_Host", "127.0.0.1",
        "SMTP_Port", String.valueOf(port()), "SMTP_Username", "mailer", "SMTP_Password", "s3cret",
        "From_Email", "parley@example.com"));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      out.put(extra[i], extra[i + 1]);
    }
    return out;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The next message to {@code to} (others stay for later calls); fails after {@code seconds}. */
  public synchronized Received await(String to, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      for (Received r : held) {
        if (r.to().equalsIgnoreCase(to)) {
          held.remove(r);
          return r;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no mail to " + to + " within " + seconds + "s; have " + held);
      }
      try {
        Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
        if (r != null) {
          held.add(r);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Every message received so far to {@code to}, without waiting. */
  public synchronized List<Received> receivedBy(String to) {
    inbox.drainTo(held);
    return held.stream().filter(r -> r.to().equalsIgnoreCase(to)).toList();
  }

  private void session(Socket plain) {
    Socket s = plain;
    try (plain) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      boolean secured = false;
      String user = null;
      String password = null;
      String ehlo = null;
      String from = null;
      List<String> to = new ArrayList<>();
      say(out, "220 sink.test ESMTP ready");
      String line;
      while ((line = in.readLine()) != null) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("EHLO ")) {
          ehlo = line.substring(5);
          say(out, "250-sink.test greets " + ehlo + "\r\n250-8BITMIME\r\n"
              + (tls != null && !secured ? "250-STARTTLS\r\n" : "") + "250 AUTH " + authMechanisms);
        } else if (upper.equals("STARTTLS") && tls != null && !secured) {
          say(out, "220 2.0.0 Ready to start TLS");
          javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
              .createSocket(s, null, s.getPort(), true);
          ssl.setUseClientMode(false);
          ssl.startHandshake();
          s = ssl;
          secured = true;
          startTlsCount.incrementAndGet();
          in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          out = s.getOutputStream();
          ehlo = null;
        } else if (upper.startsWith("HELO ")) {
          ehlo = line.substring(5);
          say(out, "250 sink.test");
        } else if (upper.startsWith("AUTH PLAIN ")) {
          String[] parts = new String(Base64.getDecoder().decode(line.substring(11).trim()),
              StandardCharsets.UTF_8).split("\0", -1);
          user = parts[1];
          password = parts[2];
          say(out, "235 2.7.0 Authentication successful");
        } else if (upper.equals("AUTH LOGIN")) {
          say(out, "334 VXNlcm5hbWU6");
          user = new String(Base64.getDecoder().decode(in.readLine().trim()), StandardCharsets.UTF_8);
          say(out, "334 UGFzc3dvcmQ6");
          password = new String(Base64.getDecoder().decode(in.readLine().trim()), StandardCharsets.UTF_8);
          say(out, "235 2.7.0 Authentication successful");
        } else if (upper.startsWith("MAIL FROM:")) {
          from = addr(line);
          to.clear();
          say(out, "250 2.1.0 Ok");
        } else if (upper.startsWith("RCPT TO:")) {
          String rcpt = addr(line);
          if (failOnce.remove(rcpt.toLowerCase(java.util.Locale.ROOT))) {
            say(out, "451 4.3.0 Try again later");
          } else if (refuse.contains(rcpt.toLowerCase(java.util.Locale.ROOT))) {
            say(out, "550 5.1.1 No such user");
          } else {
            to.add(rcpt);
            say(out, "250 2.1.5 Ok");
          }
        } else if (upper.equals("DATA")) {
          if (from == null || to.isEmpty()) {
            say(out, "503 5.5.1 Bad sequence of commands");
            continue;
          }
          say(out, "354 End data with <CR><LF>.<CR><LF>");
          StringBuilder data = new StringBuilder();
          String d;
          while ((d = in.readLine()) != null && !d.equals(".")) {
            data.append(d.startsWith(".") ? d.substring(1) : d).append("\r\n");
          }
          for (String rcpt : to) {
            inbox.add(new Received(from, rcpt, data.toString(), user, password, ehlo));
          }
          from = null;
          to.clear();
          say(out, "250 2.0.0 Ok: queued");
        } else if (upper.equals("RSET")) {
          from = null;
          to.clear();
          say(out, "250 2.0.0 Ok");
        } else if (upper.equals("NOOP")) {
          say(out, "250 2.0.0 Ok");
        } else if (upper.equals("QUIT")) {
          say(out, "221 2.0.0 Bye");
          return;
        } else {
          say(out, "502 5.5.2 Command not recognized");
        }
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  private static String addr(String line) {
    int lt = line.indexOf('<');
    int gt = line.indexOf('>', lt);
    return line.substring(lt + 1, gt);
  }

  private static void say(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    sessions.forEach(s -> {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    });
    acceptor.interrupt();
  }
}
