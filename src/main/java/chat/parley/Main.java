package chat.parley;

import chat.parley.config.Config;

/** {@code java -jar parley.jar}: configuration from the environment, stop on SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Parley parley = Parley.build(Config.fromEnvironment(System.getenv())).start();
    Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
  }
}
