package chat.parley.rest;

import chat.parley.common.ParleyException;
import chat.parley.files.BlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/**
 * Reads a {@code multipart/form-data} body as it arrives: the one file part is written straight
 * into a {@link BlobStore.Staged} (never held in memory, capped by it), the other parts are small
 * text fields. Uses Jetty's push parser over the raw request stream, so the global request-size
 * limit (which applies to buffered bodies) does not apply here; the file cap does.
 */
final class Multipart {
  /** Text fields together may not exceed this. */
  static final int MAX_FIELD_BYTES = 256 * 1024;
  /** After a refusal, at most this much of the rest of the body is read and dropped. */
  static final long DRAIN_LIMIT = 8L * 1024 * 1024;

  private Multipart() {}

  /** The fields and, if one was sent under the expected name, the staged file. */
  record Body(Map<String, String> fields, String fileName, String fileType,
      BlobStore.Staged file) implements AutoCloseable {
    @Override
    public void close() {
      if (file != null) {
        file.close();
      }
    }
  }

  /**
   * Parses the body. The file part named {@code fileField} goes into a staging area from {@code
   * stage}; its size cap surfaces as {@link BlobStore.TooLarge}. Any failure drops what was staged.
   */
  static Body read(InputStream in, String contentType, String fileField,
      Supplier<BlobStore.Staged> stage) throws IOException {
    String boundary = boundary(contentType);
    if (boundary == null) {
      throw RestErrors.invalidBody("Expected multipart/form-data with a boundary");
    }
    Listener listener = new Listener(fileField, stage);
    MultiPart.Parser parser = new MultiPart.Parser(boundary, listener);
    parser.setMaxParts(64);
    try {
      while (!listener.complete && listener.failure == null) {
        byte[] buf = new byte[64 * 1024];
        int n = in.read(buf);
        if (n < 0) {
          parser.parse(Content.Chunk.EOF);
          break;
        }
        parser.parse(Content.Chunk.from(ByteBuffer.wrap(buf, 0, n), false));
      }
      if (listener.failure != null) {
        drain(in);
        throw listener.failure;
      }
      if (!listener.complete) {
        throw RestErrors.invalidBody("The multipart body ended early");
      }
      return new Body(listener.fields, listener.fileName, listener.fileType, listener.staged);
    } catch (IOException | RuntimeException e) {
      if (listener.staged != null) {
        listener.staged.close();
      }
      throw e;
    }
  }

  /** Reads and drops what the client is still sending, so it can read our answer. */
  private static void drain(InputStream in) {
    try {
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      int n;
      while (total < DRAIN_LIMIT && (n = in.read(buf)) >= 0) {
        total += n;
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  static String boundary(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    String b = param(contentType, "boundary");
    return b == null || b.isEmpty() ? null : b;
  }

  /** A parameter of a header value ({@code ; name="value"}), quotes and escapes removed. */
  static String param(String header, String name) {
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int eq = header.indexOf('=', i);
      if (eq < 0) {
        return null;
      }
      String key = header.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
      int j = eq + 1;
      while (j < header.length() && header.charAt(j) == ' ') {
        j++;
      }
      StringBuilder value = new StringBuilder();
      if (j < header.length() && header.charAt(j) == '"') {
        j++;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            c = header.charAt(++j);
          }
          value.append(c);
          j++;
        }
        j++;
      } else {
        while (j < header.length() && header.charAt(j) != ';') {
          value.append(header.charAt(j++));
        }
      }
      if (key.equals(name)) {
        return value.toString().trim().isEmpty() && key.equals("boundary") ? null : value.toString();
      }
      i = header.indexOf(';', j);
    }
    return null;
  }

  /** The file name from a Content-Disposition: RFC 5987 {@code filename*} first, then {@code filename}. */
  static String fileName(String disposition) {
    String extended = param(disposition, "filename*");
    if (extended != null) {
      int q = extended.indexOf("''");
      if (q > 0 && extended.substring(0, q).equalsIgnoreCase("utf-8")) {
        try {
          return URLDecoder.decode(extended.substring(q + 2).replace("+", "%2B"),
              StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          // Fall back to the plain parameter.
        }
      }
    }
    return param(disposition, "filename");
  }

  private static final class Listener implements MultiPart.Parser.Listener {
    private final String fileField;
    private final Supplier<BlobStore.Staged> stage;
    final Map<String, String> fields = new LinkedHashMap<>();
    BlobStore.Staged staged;
    String fileName;
    String fileType;
    boolean complete;
    IOException failure;

    private String disposition;
    private String partType;
    private String fieldName;
    private boolean isFile;
    private boolean isOurFile;
    private ByteArrayOutputStream text;
    private int fieldBytes;

    Listener(String fileField, Supplier<BlobStore.Staged> stage) {
      this.fileField = fileField;
      this.stage = stage;
    }

    @Override
    public void onPartBegin() {
      disposition = null;
      partType = null;
      fieldName = null;
      isFile = false;
      isOurFile = false;
      text = null;
    }

    @Override
    public void onPartHeader(String name, String value) {
      if (name.equalsIgnoreCase("Content-Disposition")) {
        disposition = value;
      } else if (name.equalsIgnoreCase("Content-Type")) {
        partType = value;
      }
    }

    @Override
    public void onPartHeaders() {
      if (failure != null) {
        return;
      }
      if (disposition == null) {
        failure = new IOException("A part has no Content-Disposition");
        return;
      }
      fieldName = param(disposition, "name");
      String name = fileName(disposition);
      isFile = name != null;
      if (isFile && fileField.equals(fieldName)) {
        if (staged != null) {
          failure = new IOException("Just 1 file is allowed");
          return;
        }
        isOurFile = true;
        fileName = name;
        fileType = partType == null ? "application/octet-stream" : partType;
        try {
          staged = stage.get();
        } catch (RuntimeException e) {
          failure = new IOException(e);
        }
      } else if (!isFile) {
        text = new ByteArrayOutputStream();
      }
    }

    @Override
    public void onPartContent(Content.Chunk chunk) {
      try {
        if (failure != null) {
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        if (isOurFile) {
          staged.write(bytes);
        } else if (text != null) {
          fieldBytes += bytes.remaining();
          if (fieldBytes > MAX_FIELD_BYTES) {
            failure = new IOException("Form fields too large");
            return;
          }
          byte[] b = new byte[bytes.remaining()];
          bytes.get(b);
          text.write(b, 0, b.length);
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        chunk.release();
      }
    }

    @Override
    public void onPartEnd() {
      if (failure == null && text != null && fieldName != null) {
        fields.put(fieldName, text.toString(StandardCharsets.UTF_8));
      }
      text = null;
    }

    @Override
    public void onComplete() {
      complete = true;
    }

    @Override
    public void onFailure(Throwable cause) {
      if (failure == null) {
        failure = cause instanceof IOException io ? io : new IOException(cause);
      }
    }
  }

  /** A malformed body, as Rocket.Chat answers it. */
  static ParleyException malformed(IOException e) {
    return new ParleyException.Invalid("error-invalid-body", e.getMessage() == null
        ? "Invalid multipart body" : e.getMessage());
  }
}
