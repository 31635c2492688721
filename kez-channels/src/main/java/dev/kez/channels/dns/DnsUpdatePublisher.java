package dev.kez.channels.dns;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofPublisher;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.ClaimCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Publishes a dns account's proof as an RFC 2136 dynamic update signed with TSIG (RFC 8945): in one
 * update, deletes every TXT record at {@code _kez.<domain>} and adds the proof's, so a second
 * publish replaces the first. The credential is the TSIG key as {@code
 * name:algorithm:base64secret}; the server is {@code --dns-server} (else the {@code DNS_SERVER}
 * endpoint, else the zone's primary from its SOA). The zone is the one the server names in the SOA
 * it returns for the record's name.
 */
final class DnsUpdatePublisher implements ProofPublisher {
  static final long TTL = 3600;

  @Override
  public Outcome publish(Request req) {
    Claim claim = req.claim();
    List<String> strings = ClaimCodec.txtStrings(claim);
    return update(claim.account(), req.credential(), req.context(), req.dryRun(), strings);
  }

  @Override
  public Outcome unpublish(
      Account account,
      Credential credential,
      ChannelContext context,
      boolean dryRun,
      @Nullable String chainBundle) {
    return update(account, credential, context, dryRun, null);
  }

  private Outcome update(
      Account account,
      Credential credential,
      ChannelContext ctx,
      boolean dryRun,
      @Nullable List<String> strings) {
    String[] parts = credential.secret().split(":", 3);
    if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
      return new Outcome.Refused(
          "the DNS credential is not a TSIG key written name:algorithm:base64secret",
          false,
          true,
          List.of());
    }
    TSIG tsig;
    Name algorithm;
    try {
      algorithm = algorithm(parts[1]);
      tsig = new TSIG(algorithm, Name.fromString(dot(parts[0])), parts[2]);
    } catch (TextParseException
        | IllegalArgumentException e) { // the message would quote the secret
      return new Outcome.Refused(
          "the DNS credential's TSIG key name, algorithm or base64 secret is malformed",
          false,
          true,
          List.of());
    }
    String server = TxtResolver.server(ctx);
    if (server == null) {
      return new Outcome.Refused(
          "no DNS server to update: give --dns-server HOST:PORT, the zone's primary",
          false,
          List.of());
    }
    Duration timeout = ctx.timeout();
    Resolver resolver = TxtResolver.resolver(server);
    resolver.setTimeout(timeout);
    String owner = DnsChannel.recordName(account);
    try {
      Name name = Name.fromString(dot(owner));
      Message soa =
          send(resolver, Message.newQuery(Record.newRecord(name, Type.SOA, DClass.IN)), timeout);
      Optional<Name> soaZone = zone(soa);
      if (soaZone.isEmpty()) {
        return new Outcome.Refused(
            server
                + " is not authoritative for a zone holding "
                + owner
                + " (no SOA in its answer)",
            false,
            List.of());
      }
      Name zone = soaZone.get();
      Update update = new Update(zone);
      update.delete(name, Type.TXT);
      if (strings != null) update.add(new TXTRecord(name, DClass.IN, TTL, strings));
      if (dryRun) {
        return new Outcome.Planned(
            List.of(
                "DNS UPDATE (RFC 2136) of zone "
                    + zone
                    + " at "
                    + server
                    + ", signed with TSIG key "
                    + parts[0]
                    + " ("
                    + algorithm
                    + ", secret ***):\n  delete TXT "
                    + name
                    + (strings == null
                        ? ""
                        : "\n  add " + update.getSection(Section.UPDATE).get(1))),
            List.of());
      }
      resolver.setTSIGKey(tsig);
      Message answer;
      try {
        answer = send(resolver, update, timeout);
      } catch (IOException e) { // sent: the server may have applied it before the answer was lost
        return new Outcome.Refused(
            "DNS update to "
                + server
                + " failed: "
                + e.getMessage()
                + "; the server may or may not have changed the records",
            true,
            List.of());
      }
      int rcode = answer.getRcode();
      if (rcode == Rcode.NOTAUTH
          || rcode == Rcode.REFUSED
          || answer.getTSIG() == null && rcode != Rcode.NOERROR) {
        return new Outcome.Refused(
            server
                + " refused the update signed with TSIG key "
                + parts[0]
                + " ("
                + Rcode.string(rcode)
                + "); nothing was changed",
            false,
            true,
            List.of());
      }
      if (rcode != Rcode.NOERROR) {
        return new Outcome.Refused(
            server + " answered " + Rcode.string(rcode) + " to the update; nothing was changed",
            rcode == Rcode.SERVFAIL,
            List.of());
      }
      String where = "TXT " + owner + " (zone " + zone.toString(true) + " at " + server + ")";
      return new Outcome.Published(
          where,
          List.of(
              strings == null
                  ? "deleted the TXT records at " + owner
                  : "replaced the TXT records at " + owner + " with the proof"),
          List.of());
    } catch (TextParseException e) {
      return new Outcome.Refused("malformed DNS name " + owner, false, List.of());
    } catch (IOException e) { // the SOA query, before any update was sent
      return new Outcome.Refused(
          "no answer from " + server + " asking the zone of " + owner + ": " + e.getMessage(),
          true,
          List.of());
    }
  }

  /** The zone the server names in its SOA answer, if it names one. */
  private static Optional<Name> zone(Message soa) {
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : soa.getSection(section))
        if (r instanceof SOARecord) return Optional.of(r.getName());
    }
    return Optional.empty();
  }

  private static Message send(Resolver resolver, Message query, Duration timeout)
      throws IOException {
    try {
      return resolver
          .sendAsync(query)
          .toCompletableFuture()
          .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw new IOException(
          c.getMessage() == null
              ? c.getClass().getSimpleName()
              : c.getMessage().replaceAll("\\s+", " "));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  /** {@code hmac-sha256} and friends, as BIND's tsig-keygen writes them. */
  private static Name algorithm(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "")) {
      case "hmac-sha256" -> TSIG.HMAC_SHA256;
      case "hmac-sha384" -> TSIG.HMAC_SHA384;
      case "hmac-sha512" -> TSIG.HMAC_SHA512;
      case "hmac-sha224" -> TSIG.HMAC_SHA224;
      case "hmac-sha1" -> TSIG.HMAC_SHA1;
      default -> throw new IllegalArgumentException("unsupported TSIG algorithm");
    };
  }

  private static String dot(String s) {
    return s.endsWith(".") ? s : s + ".";
  }
}
