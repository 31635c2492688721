package dev.kez.channels.http;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * A minimal authoritative DNS server on 127.0.0.1 (UDP, dnsjava-built): TXT records by name,
 * NXDOMAIN otherwise.
 */
public final class TxtResponder implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;

  /** Each name's TXT records (each a list of character-strings); other names are NXDOMAIN. */
  public TxtResponder(Map<String, List<List<String>>> txt) throws IOException {
    this(txt, 0);
  }

  /**
   * Answers each query after {@code delayMillis}, each on its own thread (a slow server, not a
   * serial one).
   */
  public TxtResponder(Map<String, List<List<String>>> txt, long delayMillis) throws IOException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    thread =
        Thread.ofVirtual()
            .start(() -> {
              byte[] buf = new byte[512];
              while (!socket.isClosed()) {
                try {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  socket.receive(p);
                  Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                  Message r = new Message(q.getHeader().getID());
                  r.getHeader().setFlag(Flags.QR);
                  r.getHeader().setFlag(Flags.AA);
                  r.addRecord(q.getQuestion(), Section.QUESTION);
                  Name name = q.getQuestion().getName();
                  List<List<String>> records = txt.get(name.toString(true));
                  if (records == null) r.getHeader().setRcode(Rcode.NXDOMAIN);
                  else
                    for (List<String> strings : records)
                      r.addRecord(new TXTRecord(name, DClass.IN, 60, strings), Section.ANSWER);
                  byte[] out = r.toWire();
                  DatagramPacket answer = new DatagramPacket(out, out.length, p.getSocketAddress());
                  if (delayMillis <= 0) socket.send(answer);
                  else
                    Thread.ofVirtual()
                        .start(() -> {
                          try {
                            Thread.sleep(delayMillis);
                            socket.send(answer);
                          } catch (IOException | InterruptedException e) {
                            // closed meanwhile: the query goes unanswered
                          }
                        });
                } catch (IOException e) {
                  // closed, or a datagram we cannot read: keep serving until closed
                }
              }
            });
  }

  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
