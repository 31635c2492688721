package dev.kez.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.io.AtomicFiles;
import dev.kez.core.io.Utf8;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The credentials {@code kez publish} lends to the channels: from an environment variable, else
 * from {@code KEZ_HOME/credentials.json} ({@code kez login}), written atomically with mode 0600. A
 * secret is never printed: {@link Stored#toString} and {@link Found#toString} leave it out.
 */
public final class Credentials {
  public static final String FILE = "credentials.json";

  /** The variable each channel's credential may come from. */
  public static final Map<Account.Channel, String> VARIABLES =
      new EnumMap<>(
          Map.of(
              Account.Channel.GITHUB, "GITHUB_TOKEN",
              Account.Channel.BLUESKY, "KEZ_BLUESKY_APP_PASSWORD",
              Account.Channel.AP, "KEZ_AP_TOKEN",
              Account.Channel.DNS, "KEZ_DNS_TSIG",
              Account.Channel.NOSTR, "KEZ_NOSTR_NSEC"));

  /** One stored credential: for a channel, optionally for one account of it. */
  public record Stored(Account.Channel channel, @Nullable String account, String secret) {
    public Stored {
      account = accountId(channel, account);
    }

    @Override
    public String toString() {
      return channel.prefix() + (account == null ? "" : " (" + account + ")");
    }
  }

  /** A credential found for an account, and where from: the variable, or {@code kez login}. */
  public record Found(String secret, String source) {
    @Override
    public String toString() {
      return "credential from " + source;
    }

    /** How to renew it, in a few words. */
    public String renew(Account.Channel channel) {
      return source.startsWith("kez login")
          ? "run 'kez login " + channel.prefix() + "' with a new one"
          : "set a new " + source;
    }
  }

  private final Path file;
  private final Map<String, String> env;

  public Credentials(Path home, Map<String, String> env) {
    this.file = home.resolve(FILE);
    this.env = env;
  }

  /**
   * The environment's credential for the account's channel, else the stored one for the account,
   * else the channel's.
   */
  public Optional<Found> find(Account account) {
    String variable = VARIABLES.get(account.channel());
    String v = env.get(variable);
    if (v != null && !v.isBlank()) return Optional.of(new Found(v.strip(), variable));
    Stored best = null;
    for (Stored s : list()) {
      if (s.channel() != account.channel()) continue;
      if (s.account() != null && s.account().equalsIgnoreCase(account.id()))
        return Optional.of(new Found(s.secret(), "kez login"));
      if (s.account() == null) best = s;
    }
    return Optional.ofNullable(best).map(s -> new Found(s.secret(), "kez login"));
  }

  public List<Stored> list() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Stored> out = new ArrayList<>();
    try {
      JsonNode root = Json.parse(Utf8.decode(bytes, file.toString()));
      for (JsonNode n : root.path("credentials")) {
        String account = n.path("account").isTextual() ? n.path("account").asText() : null;
        out.add(
            new Stored(
                Account.Channel.fromPrefix(n.path("channel").asText("")),
                account,
                n.path("secret").asText("")));
      }
    } catch (MalformedException e) {
      // the message of a parse error could quote the file, and so a secret: say only where
      throw new UncheckedIOException(
          new IOException(
              file
                  + " is damaged (not the credentials JSON kez writes); remove it and log in again"));
    }
    return out;
  }

  /** Stores (or replaces) the credential for the channel and account. */
  public void store(Stored credential) {
    List<Stored> all = new ArrayList<>(list());
    all.removeIf(s -> same(s, credential.channel(), credential.account()));
    all.add(credential);
    write(all);
  }

  /** Removes the credential for the channel and account; whether there was one. */
  public boolean remove(Account.Channel channel, @Nullable String account) {
    List<Stored> all = new ArrayList<>(list());
    boolean removed = all.removeIf(s -> same(s, channel, accountId(channel, account)));
    if (removed) write(all);
    return removed;
  }

  /**
   * The account as {@link #find} matches it: {@code --account nostr:npub1…} names the same account
   * as {@code --account npub1…}, so the channel's prefix is dropped.
   */
  static @Nullable String accountId(Account.Channel channel, @Nullable String account) {
    String prefix = channel.prefix() + ":";
    return account != null && account.regionMatches(true, 0, prefix, 0, prefix.length())
        ? account.substring(prefix.length())
        : account;
  }

  private static boolean same(Stored s, Account.Channel channel, @Nullable String account) {
    return s.channel() == channel
        && (s.account() == null
            ? account == null
            : s.account().equalsIgnoreCase(account == null ? "" : account));
  }

  private void write(List<Stored> all) {
    ObjectNode root = Json.newObject();
    ArrayNode list = root.putArray("credentials");
    for (Stored s : all) {
      ObjectNode n = list.addObject().put("channel", s.channel().prefix());
      if (s.account() != null) n.put("account", s.account());
      n.put("secret", s.secret());
    }
    try {
      // AtomicFiles makes the temp file with createTempFile: mode 0600 before a byte is written
      AtomicFiles.write(file, (Json.writePretty(root) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
