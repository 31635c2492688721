package dev.kez.cli.publish;

import dev.kez.cli.ExitCode;
import dev.kez.cli.KezCommand;
import dev.kez.core.claim.Account;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kez login}: keep one channel's credential for {@code kez publish}, or list which channels
 * have one.
 */
@Command(
    name = "login",
    header = "Store the credential kez publish uses on one channel.",
    description = {
      "%nReads the secret from the terminal (not echoed) or, when standard input is not a terminal,",
      "from its first line; never from the command line, where other users and the shell history",
      "would see it. Stores it in KEZ_HOME/credentials.json (mode 0600). An environment variable,",
      "when set, is used instead:",
      "  github   a token with the gist scope                    GITHUB_TOKEN",
      "  bluesky  an app password (Settings > App passwords)     KEZ_BLUESKY_APP_PASSWORD",
      "  ap       an access token with write:statuses or",
      "           write:accounts                                  KEZ_AP_TOKEN",
      "  dns      a TSIG key as name:algorithm:base64secret      KEZ_DNS_TSIG",
      "  nostr    the account's nsec                             KEZ_NOSTR_NSEC"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez login github",
      "  printf '%s\\n' \"$TOKEN\" | kez login github --account alice",
      "  kez login --list"
    })
public final class LoginCommand extends KezCommand {
  /**
   * More than the channel is refused without being echoed: a secret typed here would be in the
   * shell's history.
   */
  @Parameters(
      paramLabel = "CHANNEL",
      arity = "0..*",
      description = "github, bluesky, ap (or mastodon), dns or nostr.")
  List<String> args = new ArrayList<>();

  @Option(
      names = "--account",
      paramLabel = "ID",
      description = "Only for this account of the channel (default: any).")
  @Nullable String account;

  @Option(
      names = "--list",
      description = "Show which channels have a credential (never the secret).")
  boolean list;

  @Override
  public Integer call() {
    Credentials store = new Credentials(kez().homeDir(), kez().env());
    if (args.size() > 1) {
      throw usage(
          "kez login takes one CHANNEL and never the secret itself (it would stay in the shell's history): "
              + "type it at the prompt or give it on standard input");
    }
    String channel = args.isEmpty() ? null : args.get(0);
    if (list) {
      if (channel != null) throw usage("--list takes no CHANNEL");
      for (Account.Channel c : Account.Channel.values()) {
        String variable = Credentials.VARIABLES.get(c);
        if (kez().env().containsKey(variable)) out().println(c.prefix() + ": from " + variable);
      }
      for (Credentials.Stored s : store.list()) out().println(s + ": stored by kez login");
      out().flush();
      return ExitCode.OK;
    }
    if (channel == null) throw usage("which channel? kez login github|bluesky|ap|dns|nostr");
    Account.Channel c = Account.Channel.fromPrefix(channel);
    String secret = readSecret(c);
    check(c, secret);
    store.store(new Credentials.Stored(c, account, secret));
    err()
        .println(
            "Stored the "
                + c.prefix()
                + " credential"
                + (account == null ? "" : " for " + account)
                + " in "
                + kez().homeDir().resolve(Credentials.FILE)
                + ".");
    return ExitCode.OK;
  }

  private String readSecret(Account.Channel c) {
    java.io.Console console = kez().console();
    if (console != null
        && dev.kez.core.keystore.PassphraseSource.isTerminal(
            console)) { // else piped: read standard input
      char[] typed = console.readPassword("%s credential: ", c.prefix());
      return typed == null ? "" : new String(typed).strip();
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(kez().stdin(), StandardCharsets.UTF_8))
              .readLine();
      return line == null ? "" : line.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the credential from standard input: " + e.getMessage(), e);
    }
  }

  /** Shape checks whose messages never quote the secret. */
  private void check(Account.Channel c, String secret) {
    if (secret.isEmpty())
      throw usage("no credential given (type it at the prompt, or give it on standard input)");
    if (secret.chars().anyMatch(ch -> ch < 0x20))
      throw usage("the credential has control characters");
    switch (c) {
      case DNS -> {
        if (secret.split(":", 3).length != 3)
          throw usage("a DNS credential is a TSIG key written name:algorithm:base64secret");
      }
      case NOSTR -> {
        if (!secret.startsWith("nsec1"))
          throw usage("a nostr credential is the account's nsec1… key");
      }
      case BLUESKY -> {
        // an app password can be revoked alone and cannot change the account's settings; the main
        // password can
        if (!secret.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}")) {
          throw usage(
              "that is not a Bluesky app password (xxxx-xxxx-xxxx-xxxx); make one in Settings > Privacy and security > "
                  + "App passwords: kez never takes the account's main password");
        }
      }
      default -> {}
    }
  }
}
