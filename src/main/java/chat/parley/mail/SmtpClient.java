package chat.parley.mail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One SMTP session (RFC 5321): greeting, EHLO (HELO when refused), STARTTLS when the server
 * offers it unless {@code SMTP_IgnoreTLS}, AUTH PLAIN or LOGIN when a username is set, then any
 * number of MAIL/RCPT/DATA transactions until {@link #close}. Certificates and host names are
 * checked; replies are read with a size cap and a timeout.
 */
final class SmtpClient implements AutoCloseable {
  /** A reply the server gave that ends this attempt; {@code permanent} for 5xx. */
  static final class SmtpException extends IOException {
    final boolean permanent;

    SmtpException(String message, boolean permanent) {
      super(message);
      this.permanent = permanent;
    }
  }

  private record Reply(int code, List<String> lines) {
    String text() {
      return code + " " + String.join(" / ", lines);
    }
  }

  private static final int MAX_LINE = 4096;
  private static final int MAX_LINES = 200;

  private final SmtpConfig config;
  private final SSLSocketFactory tls;
  private final String heloName;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private List<String> extensions = List.of();

  private SmtpClient(SmtpConfig config, SSLSocketFactory tls, String heloName) {
    this.config = config;
    this.tls = tls;
    this.heloName = heloName;
  }

  /** Connects, greets, secures and authenticates; the session is then ready for {@link #send}. */
  static SmtpClient open(SmtpConfig config, SSLSocketFactory tls, String heloName,
      Duration connectTimeout, Duration readTimeout) throws IOException {
    SmtpClient c = new SmtpClient(config, tls, heloName);
    try {
      c.connect(connectTimeout, readTimeout);
      return c;
    } catch (IOException | RuntimeException e) {
      c.abort();
      throw e;
    }
  }

  private void connect(Duration connectTimeout, Duration readTimeout) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(config.host(), config.port()), (int) connectTimeout.toMillis());
    plain.setSoTimeout((int) readTimeout.toMillis());
    socket = config.implicitTls() ? secure(plain) : plain;
    streams();
    expect(read(), 220);
    hello();
    if (!config.implicitTls() && !config.ignoreTls() && extensions.contains("STARTTLS")) {
      command("STARTTLS", 220);
      socket = secure(socket);
      streams();
      hello();
    }
    if (!config.username().isEmpty()) {
      authenticate();
    }
  }

  private SSLSocket secure(Socket over) throws IOException {
    SSLSocket s = (SSLSocket) tls.createSocket(over, config.host(), config.port(), true);
    SSLParameters params = s.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(params);
    s.startHandshake();
    return s;
  }

  private void streams() throws IOException {
    in = socket.getInputStream();
    out = new BufferedOutputStream(socket.getOutputStream());
  }

  private void hello() throws IOException {
    write("EHLO " + heloName);
    Reply r = read();
    if (r.code() == 250) {
      List<String> ext = new ArrayList<>();
      for (int i = 1; i < r.lines().size(); i++) {
        ext.add(r.lines().get(i).trim().toUpperCase(Locale.ROOT));
      }
      extensions = ext;
      return;
    }
    command("HELO " + heloName, 250);
    extensions = List.of();
  }

  private void authenticate() throws IOException {
    String offered = extensions.stream().filter(e -> e.startsWith("AUTH ") || e.startsWith("AUTH="))
        .findFirst().orElse("AUTH PLAIN");
    List<String> mechanisms = List.of(offered.substring(5).trim().split("\\s+"));
    if (mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN")) {
      String token = "\0" + config.username() + "\0" + config.password();
      command("AUTH PLAIN " + b64(token), 235);
    } else {
      command("AUTH LOGIN", 334);
      command(b64(config.username()), 334);
      command(b64(config.password()), 235);
    }
  }

  /** One transaction; on a refusal the session is reset and stays usable. */
  void send(String from, String to, String message) throws IOException {
    try {
      command("MAIL FROM:<" + MimeFormat.clean(from) + ">", 250);
      Reply rcpt = command("RCPT TO:<" + MimeFormat.clean(to) + ">");
      if (rcpt.code() != 250 && rcpt.code() != 251) {
        throw failure(rcpt);
      }
      command("DATA", 354);
      String body = MimeFormat.dotStuff(message);
      out.write(body.getBytes(StandardCharsets.UTF_8));
      if (!body.endsWith("\r\n")) {
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      write(".");
      expect(read(), 250);
    } catch (SmtpException e) {
      try {
        command("RSET", 250);
      } catch (IOException ignored) {
        // The session is broken; the caller closes it.
      }
      throw e;
    }
  }

  private Reply command(String line) throws IOException {
    write(line);
    return read();
  }

  private Reply command(String line, int expected) throws IOException {
    Reply r = command(line);
    expect(r, expected);
    return r;
  }

  private static void expect(Reply r, int code) throws SmtpException {
    if (r.code() != code) {
      throw failure(r);
    }
  }

  private static SmtpException failure(Reply r) {
    return new SmtpException("SMTP server answered " + r.text(), r.code() >= 500);
  }

  private void write(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private Reply read() throws IOException {
    List<String> lines = new ArrayList<>();
    while (lines.size() < MAX_LINES) {
      String line = readLine();
      if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
        throw new SmtpException("SMTP server sent a malformed reply", false);
      }
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) != '-') {
        return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
      }
    }
    throw new SmtpException("SMTP server sent too long a reply", false);
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new SmtpException("SMTP server closed the connection", false);
      }
      if (b == '\n') {
        int len = line.length();
        return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new SmtpException("SMTP server sent too long a line", false);
      }
      line.append((char) b);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** QUIT, then closes the socket. */
  @Override
  public void close() {
    try {
      if (out != null) {
        write("QUIT");
        read();
      }
    } catch (IOException ignored) {
      // Closing anyway.
    }
    abort();
  }

  private void abort() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // Nothing more to do.
    }
  }
}
