package dev.kez.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A server's command line as a table of options. Every flag {@code --name} falls back to the
 * environment variable {@code PREFIX_NAME} (upper case, dashes as underscores), then to its
 * default. A repeatable flag collects every occurrence; its variable holds a comma-separated list.
 */
public final class Flags {
  /**
   * One option: its name without dashes, default ("" for none), help text, and whether it repeats.
   */
  public record Option(String name, String defaultValue, String help, boolean repeatable) {
    public Option(String name, String defaultValue, String help) {
      this(name, defaultValue, help, false);
    }
  }

  private final String envPrefix;
  private final Map<String, Option> options = new LinkedHashMap<>();

  public Flags(String envPrefix, List<Option> options) {
    this.envPrefix = envPrefix;
    options.forEach(o -> this.options.put(o.name(), o));
  }

  public String env(String name) {
    return envPrefix + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Reads flags ({@code --name value} or {@code --name=value}) over the environment. */
  public Values parse(String[] args, Map<String, String> env) {
    Map<String, List<String>> v = new LinkedHashMap<>();
    options
        .values()
        .forEach(o -> {
          String e = env.get(env(o.name()));
          String raw = e != null ? e : o.defaultValue();
          v.put(
              o.name(),
              o.repeatable()
                  ? new ArrayList<>(raw.isBlank() ? List.of() : List.of(raw.split("\\s*,\\s*")))
                  : new ArrayList<>(List.of(raw)));
        });
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option o = options.get(name);
      if (o == null)
        throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
      if (value == null) {
        if (i + 1 >= args.length)
          throw new IllegalArgumentException("--" + name + " needs a value");
        value = args[++i];
      }
      List<String> list = v.get(name);
      if (!o.repeatable() || seen.put(name, true) == null)
        list.clear(); // flags replace the environment's values
      list.add(value);
    }
    return new Values(v);
  }

  /**
   * The --help text: a usage line, a description, then every option with its default and variable.
   */
  public String help(String usage, String description) {
    StringBuilder sb = new StringBuilder("usage: " + usage + "\n\n" + description + "\n\n");
    options
        .values()
        .forEach(o ->
            sb.append(
                String.format(
                        "  --%-18s %s (%s; env %s)%n",
                        o.name(),
                        o.help(),
                        o.defaultValue().isEmpty() ? "no default" : "default " + o.defaultValue(),
                        env(o.name()))
                    + (o.repeatable() ? "                       repeatable\n" : "")));
    return sb.toString();
  }

  /** The parsed values, read with checks that fail as one-line messages naming the flag. */
  public static final class Values {
    private final Map<String, List<String>> v;

    Values(Map<String, List<String>> v) {
      this.v = v;
    }

    public String str(String name) {
      List<String> l = v.get(name);
      return l.isEmpty() ? "" : l.get(l.size() - 1);
    }

    public List<String> list(String name) {
      return List.copyOf(v.get(name));
    }

    public long longIn(String name, long min, long max) {
      try {
        long n = Long.parseLong(str(name).trim());
        if (n < min || n > max) throw new NumberFormatException();
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--"
                + name
                + " must be a whole number from "
                + min
                + " to "
                + max
                + ", got "
                + str(name));
      }
    }

    public int intIn(String name, int min, int max) {
      return (int) longIn(name, min, max);
    }

    public double number(String name) {
      try {
        double d = Double.parseDouble(str(name).trim());
        if (!(d >= 0) || Double.isInfinite(d)) throw new NumberFormatException();
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--" + name + " must be a number >= 0, got " + str(name));
      }
    }

    public boolean flag(String name) {
      return switch (str(name).trim().toLowerCase(Locale.ROOT)) {
        case "on", "true", "yes", "1" -> true;
        case "off", "false", "no", "0" -> false;
        default ->
            throw new IllegalArgumentException(
                "--" + name + " must be on or off, got " + str(name));
      };
    }
  }
}
