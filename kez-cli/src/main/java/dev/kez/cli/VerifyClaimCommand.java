package dev.kez.cli;

import dev.kez.cli.sigchain.ChainFiles;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.ClaimInChain;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez verify claim}: one artifact, offline. */
@Command(
    name = "claim",
    header = "Check one proof offline: form, signature, expiry, account.",
    description = {
      "%nReads a proof in any encoding (JSON, kez:z1: compact, a Markdown page with a ```kez "
          + "block, a DNS TXT zone line or dig output) from FILE or standard input (-), and checks that "
          + "it is well formed, that its signature is valid for its key, that it has not expired, and, "
          + "with --account, that it is for that account. Prints the status (valid, invalid, expired, "
          + "…) and the reason. Exit code 0 only when valid.",
      "%nThis does not fetch anything: that the proof is really published on the account is what "
          + "an online check adds."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez verify claim kez.md --account github:alice",
      "  kez verify claim proof.txt --now 1800000000 --json",
      "  kez verify claim kez.md --chain sigchain.jsonl --chain mirror.jsonl",
      "  kez claim github:alice | kez verify claim -"
    })
public final class VerifyClaimCommand extends KezCommand {
  @Parameters(paramLabel = "FILE", description = "The proof, or - for standard input.")
  String file;

  @Option(
      names = "--account",
      paramLabel = "ACCOUNT",
      description = "Require the claim to be for this account (<channel>:<id>).")
  @Nullable Account account;

  @Option(
      names = "--now",
      paramLabel = "UNIX",
      description = "Check expiry at this time (unix seconds; default: now).")
  @Nullable Long now;

  @Option(
      names = "--json",
      description = "Print {\"status\", \"reason\", \"account\", \"key\", \"encoding\", …}.")
  boolean json;

  @Option(
      names = "--chain",
      paramLabel = "FILE",
      description = {
        "A sigchain bundle (JSONL) of the claim's identity; repeatable, each file one source.",
        "The account revoked in the chain: revoked. The key never had authority in it: invalid. "
            + "Sources that disagree at one seq: fork."
      })
  List<Path> chains = new ArrayList<>();

  @Override
  public Integer call() {
    Instant at = now != null ? Instant.ofEpochSecond(now) : kez().clock().instant();
    String input = readInput(file);
    Claim claim;
    Encoding encoding;
    try {
      var decoded = ClaimCodec.decode(input);
      claim = decoded.claim();
      encoding = decoded.encoding();
    } catch (MalformedException e) {
      // a script reading --json still gets a status; the exit code says it was bad input
      if (json)
        printJson(
            Json.newObject()
                .put("status", Status.INVALID.wireName())
                .put("reason", e.getMessage()));
      throw e;
    }
    Verdict verdict = ClaimVerifier.verify(claim, at, account);
    if (!chains.isEmpty() && !(verdict instanceof Verdict.Invalid)) {
      verdict =
          ClaimInChain.check(claim, ChainFiles.readAll(chains), Clock.fixed(at, ZoneOffset.UTC));
    }
    report(verdict, claim, encoding);
    return ExitCode.of(verdict);
  }

  private void report(Verdict verdict, Claim claim, Encoding encoding) {
    if (json) {
      var o =
          Json.newObject()
              .put("status", verdict.status().wireName())
              .put("reason", verdict.reason())
              .put("account", claim.account().toString())
              .put("key", claim.key().encoded())
              .put("encoding", encoding.wireName())
              .put("created_at", claim.createdAt());
      claim.expiresAt().ifPresent(e -> o.put("expires_at", e));
      printJson(o);
    } else {
      out().println(verdict.status().wireName() + ": " + verdict.reason());
    }
  }
}
