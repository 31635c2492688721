package dev.kez.cli;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez claim}: make and sign a proof for one account. */
@Command(
    name = "claim",
    header = "Sign a claim that an account is yours, ready to publish.",
    description = {
      "%nSigns \"ACCOUNT is controlled by my identity key\" and prints the proof on standard "
          + "output; standard error says where and how to publish it on that account's channel. Without "
          + "--format, kez picks the form that suits the channel and fits its size limit: dns: a TXT "
          + "record line; github: Markdown for a kez.md gist; nostr, bluesky, ap: JSON, or the compact "
          + "kez:z1: string when JSON is too long (a Bluesky post is 300 graphemes).",
      "%nACCOUNT is <channel>:<id>: dns:example.com, github:alice, nostr:npub1…, "
          + "bluesky:alice.bsky.social, ap:alice@mastodon.social (mastodon: is the same as ap:)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez claim github:alice > kez.md",
      "  kez claim dns:example.com --expires-in 365d",
      "  kez claim bluesky:alice.bsky.social --format compact --note \"hello from KEZ\"",
      "  kez claim github:alice --created-at 1764150000 --format json"
    })
public final class ClaimCommand extends KezCommand {
  @Parameters(paramLabel = "ACCOUNT", description = "The account: <channel>:<id>.")
  Account account;

  @Mixin ClaimOptions options = new ClaimOptions();

  @Option(
      names = "--created-at",
      paramLabel = "UNIX",
      description = "The claim's time (unix seconds; default: now).")
  @Nullable Long createdAt;

  @Override
  public Integer call() {
    long created = createdAt != null ? createdAt : kez().clock().instant().getEpochSecond();
    Claim claim = options.sign(account, created, keyStore().primary(passphrases()));
    options.print(this, claim, json -> {});
    return ExitCode.OK;
  }
}
