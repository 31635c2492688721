package dev.kez.channels.dns;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.Endpoint;
import dev.kez.channels.Findings;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.SizeLimit;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * {@code dns:<domain>}: TXT records at {@code _kez.<domain>} whose character-strings, concatenated,
 * are a compact claim (SPEC.md §5.4). Records not starting with {@code kez:} are ignored; every
 * valid kez record is returned (the caller picks).
 */
public final class DnsChannel implements ChannelPlugin {
  /**
   * TXT RDATA (strings plus their length bytes) that leaves room for header, question and owner
   * name in a 1232-byte EDNS(0) UDP answer, so resolvers need no TCP retry.
   */
  static final SizeLimit LIMIT = new SizeLimit(1024, SizeLimit.Unit.BYTES);

  @Override
  public Account.Channel channel() {
    return Account.Channel.DNS;
  }

  /** The owner name of an account's proof record. */
  public static String recordName(Account account) {
    return "_kez." + account.id();
  }

  @Override
  public ProofLookup fetch(Account account, ChannelContext ctx) {
    if (account.channel() != Account.Channel.DNS)
      throw new IllegalArgumentException("not a dns account: " + account);
    String name = recordName(account);
    TxtResolver.Answer answer;
    try {
      answer = TxtResolver.lookup(name, ctx);
    } catch (DnsUnreachableException e) {
      return new ProofLookup.Failed(
          Verdict.unreachable(e.reason(), e.retryable(), "dns:" + name), List.of());
    }
    String location = "TXT " + name + " (" + answer.server() + ")";
    List<List<String>> kez =
        answer.records().stream().filter(r -> String.join("", r).startsWith("kez:")).toList();
    Findings findings = new Findings();
    for (List<String> record : kez) {
      try {
        findings.add(ClaimCodec.decodeTxt(record), location);
      } catch (MalformedException e) {
        findings.problem(e.getMessage());
      }
    }
    int others = answer.records().size() - kez.size();
    return findings.lookup(
        List.of(answer.evidence()),
        p ->
            Verdict.invalid(
                "kez TXT record at " + name + " holds no valid claim: " + p,
                location,
                String.join("", kez.get(0))),
        Verdict.notFound(
            "no kez TXT record at "
                + name
                + (others > 0
                    ? " (" + others + " other TXT record" + (others > 1 ? "s" : "") + " ignored)"
                    : ""),
            location));
  }

  @Override
  public SizeLimit limit() {
    return LIMIT;
  }

  @Override
  public List<Encoding> encodings() {
    return List.of(Encoding.DNS_TXT);
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(TxtResolver.SERVER);
  }

  /**
   * A TXT record's size is its RDATA: each character-string and its length byte (the compact form
   * is ASCII).
   */
  @Override
  public int size(Claim claim, Encoding encoding) {
    if (encoding != Encoding.DNS_TXT) return ChannelPlugin.super.size(claim, encoding);
    return ClaimCodec.txtStrings(claim).stream().mapToInt(s -> 1 + s.length()).sum();
  }

  /**
   * RFC 2136 dynamic updates signed with TSIG; without a TSIG key, {@link #publishInstructions}
   * gives the zone line.
   */
  @Override
  public Optional<ProofPublisher> publisher() {
    return Optional.of(new DnsUpdatePublisher());
  }

  @Override
  public String publishInstructions(Account account, Claim claim, Encoding encoding) {
    String where =
        " to the zone of " + account.id() + " (one record; its strings are joined in order)";
    if (encoding == Encoding.DNS_TXT) return "Add " + encoding.proofName() + " above" + where + ".";
    // a dns: proof is a TXT record whatever was printed: give the record to add
    return "A dns: proof is a TXT record, not "
        + encoding.proofName()
        + ": add this one"
        + where
        + ":\n"
        + ClaimCodec.encode(claim, Encoding.DNS_TXT);
  }
}
