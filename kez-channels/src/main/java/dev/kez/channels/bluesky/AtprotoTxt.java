package dev.kez.channels.bluesky;

import dev.kez.channels.ChannelContext;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * TXT strings of a name via dnsjava (the context's DNS server, else the system's). Empty on
 * NXDOMAIN and on failure: the handle then falls back to the HTTPS well-known lookup.
 */
final class AtprotoTxt {
  private AtprotoTxt() {}

  static List<String> lookup(String name, ChannelContext ctx) {
    try {
      Lookup l = new Lookup(name, Type.TXT);
      if (ctx.dnsServer() != null && !ctx.dnsServer().isBlank()) {
        String s = ctx.dnsServer();
        int colon = s.lastIndexOf(':');
        SimpleResolver r = colon > 0 && s.indexOf(':') == colon
            ? new SimpleResolver(s.substring(0, colon)) : new SimpleResolver(s);
        if (colon > 0 && s.indexOf(':') == colon) r.setPort(Integer.parseInt(s.substring(colon + 1)));
        r.setTimeout(ctx.timeout());
        l.setResolver(r);
      }
      l.setCache(null);
      Record[] records = l.run();
      List<String> out = new ArrayList<>();
      if (records != null) for (Record rec : records) out.add(String.join("", ((TXTRecord) rec).getStrings()));
      return out;
    } catch (Exception e) {
      return List.of();
    }
  }
}
