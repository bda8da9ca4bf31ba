package chat.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every English text the web client passes to {@code t(...)} (directly, or through a constant
 * of the same module) has a Japanese entry in i18n.js: a new screen without its translation
 * fails here instead of showing English to a Japanese user.
 */
class JapaneseCoverageTest {
  private static final Path APP = Path.of("src/main/resources/web/app");
  private static final Pattern LITERAL_CALL = Pattern.compile("\\bt\\(\\s*'((?:[^'\\\\]|\\\\.)*)'");
  private static final Pattern CONSTANT_CALL = Pattern.compile("\\bt\\(\\s*([A-Z][A-Z0-9_]*)\\s*[,)]");
  private static final Pattern JA_KEY = Pattern.compile("^\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*:", Pattern.MULTILINE);

  @Test
  void every_translated_text_has_a_japanese_entry() throws IOException {
    String i18n = Files.readString(APP.resolve("i18n.js"));
    Set<String> japanese = new TreeSet<>();
    Matcher keys = JA_KEY.matcher(i18n);
    while (keys.find()) {
      japanese.add(keys.group(1));
    }
    Set<String> missing = new TreeSet<>();
    int texts = 0;
    try (Stream<Path> files = Files.walk(APP)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".js")
          && !f.getFileName().toString().equals("i18n.js")).toList()) {
        String code = Files.readString(file);
        Matcher literal = LITERAL_CALL.matcher(code);
        while (literal.find()) {
          texts++;
          if (!japanese.contains(literal.group(1))) {
            missing.add(APP.relativize(file) + ": " + literal.group(1));
          }
        }
        Matcher constant = CONSTANT_CALL.matcher(code);
        while (constant.find()) {
          Matcher definition = Pattern.compile("const " + constant.group(1)
              + "\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'").matcher(code);
          if (definition.find()) {
            texts++;
            if (!japanese.contains(definition.group(1))) {
              missing.add(APP.relativize(file) + ": " + definition.group(1));
            }
          }
        }
      }
    }
    assertThat(texts).as("texts found (the scan itself works)").isGreaterThan(100);
    assertThat(missing).as("texts without a Japanese entry in i18n.js").isEmpty();
  }
}
