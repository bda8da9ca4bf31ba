package chat.parley.common;

import java.util.List;
import java.util.function.Function;

/** One page of a longer list, with the total that Rocket.Chat reports beside it. */
public record Page<T>(List<T> items, int offset, long total) {
  public Page {
    items = List.copyOf(items);
  }

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), offset, total);
  }
}
