package chat.parley.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image sizes and resizing with {@code javax.imageio}. The size is read from the header before
 * anything is decoded, and an image of more than {@link #MAX_PIXELS} pixels is never decoded (a
 * tiny file can claim to be 100,000 × 100,000: a decompression bomb).
 */
public final class Images {
  /** 40 megapixels: any camera photo, not a bomb. */
  public static final long MAX_PIXELS = 40_000_000L;

  private Images() {}

  /** What the header says. {@code format} is ImageIO's name ({@code png}, {@code jpeg}...). */
  public record Size(int width, int height, String format) {}

  /** A resized image, encoded. */
  public record Encoded(byte[] bytes, int width, int height, String type) {}

  /** The dimensions from the header, without decoding pixels; empty if not a readable image. */
  public static Optional<Size> probe(InputStream in) throws IOException {
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      if (iis == null) {
        return Optional.empty();
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0),
            reader.getFormatName().toLowerCase()));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Scales the image to fit in {@code maxWidth} × {@code maxHeight} (never up), as PNG or, for a
   * JPEG source, JPEG. Refuses images over {@link #MAX_PIXELS}; large ones are decoded with
   * subsampling so memory stays near the output size. Empty if the bytes are not an image.
   */
  public static Optional<Encoded> fit(InputStream in, int maxWidth, int maxHeight)
      throws IOException {
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      if (iis == null) {
        return Optional.empty();
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
          return Optional.empty();
        }
        String format = reader.getFormatName().toLowerCase();
        double scale = Math.min(1.0, Math.min((double) maxWidth / w, (double) maxHeight / h));
        int outW = Math.max(1, (int) Math.round(w * scale));
        int outH = Math.max(1, (int) Math.round(h * scale));
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.min(w / outW, h / outH) / 2);
        if (step > 1) {
          param.setSourceSubsampling(step, step, 0, 0);
        }
        BufferedImage source = reader.read(0, param);
        boolean jpeg = format.equals("jpeg") || format.equals("jpg");
        BufferedImage out = new BufferedImage(outW, outH,
            jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
          g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
              RenderingHints.VALUE_INTERPOLATION_BILINEAR);
          g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
          g.drawImage(source, 0, 0, outW, outH, null);
        } finally {
          g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(out, jpeg ? "jpeg" : "png", bytes)) {
          return Optional.empty();
        }
        return Optional.of(new Encoded(bytes.toByteArray(), outW, outH,
            jpeg ? "image/jpeg" : "image/png"));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      } finally {
        reader.dispose();
      }
    }
  }
}
