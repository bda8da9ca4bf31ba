package chat.parley.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web client's content-hash module URLs, on a small made-up module graph: a module's
 * {@code ?v=} is the hash of what is served for it, and it changes when the module or anything it
 * imports (directly or not) changes, and only then.
 */
class WebClientVersioningTest {
  private static final String INDEX = """
      <!doctype html><head><link rel="stylesheet" href="{{v:app.css}}">
      <script type="module" async src="{{v:early.js}}"></script>
      <script type="module" src="{{v:main.js}}"></script>
      {{modulepreload}}
      </head>""";

  private static Map<String, String> files() {
    Map<String, String> f = new HashMap<>();
    f.put("index.html", INDEX);
    f.put("app/app.css", "body{}");
    f.put("app/early.js", "export const e = 1;\n");
    f.put("app/main.js", "import { e } from './early.js';\nimport * as a from './a.js';\nimport { v } from \"./views/v.js\";\n");
    f.put("app/a.js", "import { leaf } from './leaf.js';\nexport const a = leaf;\n");
    f.put("app/views/v.js", "import { a } from '../a.js';\nexport const v = () => import('../lazy.js');\n");
    f.put("app/leaf.js", "export const leaf = 1;\n");
    f.put("app/lazy.js", "export const lazy = 2;\n");
    return f;
  }

  private static WebClient client(Map<String, String> files) {
    return new WebClient(p -> Optional.ofNullable(files.get(p)).map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }

  /** module path -> its ?v= in the shell's modulepreload list. */
  private static Map<String, String> versions(WebClient c) {
    Map<String, String> out = new HashMap<>();
    Matcher m = Pattern.compile("/app/([a-z/]+\\.js)\\?v=([0-9a-f]+)").matcher(String.join("\n", c.moduleUrls()));
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void every_module_in_the_graph_is_preloaded_with_the_hash_of_its_rewritten_body() {
    WebClient c = client(files());
    Map<String, String> v = versions(c);
    assertThat(v).containsOnlyKeys("early.js", "main.js", "a.js", "views/v.js", "leaf.js", "lazy.js");
    String shell = new String(c.shellBody(), StandardCharsets.UTF_8);
    for (String url : c.moduleUrls()) {
      assertThat(shell).contains("<link rel=\"modulepreload\" href=\"" + url + "\">");
    }
    assertThat(shell).contains("<script type=\"module\" src=\"/app/main.js?v=" + v.get("main.js") + "\">")
        .doesNotContain("{{");
    // Dependencies come before their importers.
    List<String> order = c.moduleUrls().stream().map(u -> u.substring(5, u.indexOf('?'))).toList();
    assertThat(order.indexOf("leaf.js")).isLessThan(order.indexOf("a.js"));
    assertThat(order.indexOf("a.js")).isLessThan(order.indexOf("views/v.js"));
    assertThat(order.indexOf("views/v.js")).isLessThan(order.indexOf("main.js"));
  }

  @Test
  void a_changed_module_changes_its_own_url_and_its_importers_but_not_unrelated_ones() {
    Map<String, String> before = versions(client(files()));
    Map<String, String> changed = files();
    changed.put("app/leaf.js", "export const leaf = 3;\n");
    Map<String, String> after = versions(client(changed));
    assertThat(after.get("leaf.js")).isNotEqualTo(before.get("leaf.js"));
    // leaf <- a <- views/v <- main: all of them get new URLs.
    assertThat(after.get("a.js")).isNotEqualTo(before.get("a.js"));
    assertThat(after.get("views/v.js")).isNotEqualTo(before.get("views/v.js"));
    assertThat(after.get("main.js")).isNotEqualTo(before.get("main.js"));
    // Modules that do not reach leaf.js keep theirs (and stay cached).
    assertThat(after.get("lazy.js")).isEqualTo(before.get("lazy.js"));
    assertThat(after.get("early.js")).isEqualTo(before.get("early.js"));
    // Same input, same URLs.
    assertThat(versions(client(files()))).isEqualTo(before);
  }

  @Test
  void import_specifiers_are_rewritten_to_the_versioned_urls() {
    WebClient c = client(files());
    Map<String, String> v = versions(c);
    String shell = new String(c.shellBody(), StandardCharsets.UTF_8);
    assertThat(shell).contains("/app/app.css?v=" + WebClient.hash("body{}".getBytes(StandardCharsets.UTF_8)));
    // main.js as served names its imports with their hashes, quotes kept; dynamic imports too.
    Map<String, String> f = files();
    String main = f.get("app/main.js")
        .replace("'./early.js'", "'./early.js?v=" + v.get("early.js") + "'")
        .replace("'./a.js'", "'./a.js?v=" + v.get("a.js") + "'")
        .replace("\"./views/v.js\"", "\"./views/v.js?v=" + v.get("views/v.js") + "\"");
    assertThat(v.get("main.js")).isEqualTo(WebClient.hash(main.getBytes(StandardCharsets.UTF_8)));
    String view = f.get("app/views/v.js")
        .replace("'../a.js'", "'../a.js?v=" + v.get("a.js") + "'")
        .replace("'../lazy.js'", "'../lazy.js?v=" + v.get("lazy.js") + "'");
    assertThat(v.get("views/v.js")).isEqualTo(WebClient.hash(view.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_cycle_or_a_missing_module_stops_the_start() {
    Map<String, String> cyclic = files();
    cyclic.put("app/leaf.js", "import './views/v.js';\n");
    assertThatThrownBy(() -> client(cyclic)).isInstanceOf(IllegalStateException.class).hasMessageContaining("cycle");
    Map<String, String> missing = files();
    missing.put("app/leaf.js", "import './gone.js';\n");
    assertThatThrownBy(() -> client(missing)).isInstanceOf(IllegalStateException.class).hasMessageContaining("gone.js");
  }
}
