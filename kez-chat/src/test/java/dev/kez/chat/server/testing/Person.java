package dev.kez.chat.server.testing;

import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.ChatKey;
import dev.kez.chat.protocol.ChatMessage;
import dev.kez.chat.protocol.DeviceKey;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Handle;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat user for the tests: a handle, its KEZ key, one device key; builds signed requests'
 * headers.
 */
public final class Person {
  public final Handle handle;
  public final SecretKey key;
  public final DeviceKey device = DeviceKey.generate();

  public Person(String handle) {
    this(handle, Algorithm.ED25519);
  }

  public Person(String handle, Algorithm alg) {
    this.handle = Handle.parse(handle);
    this.key = SecretKey.generate(alg);
  }

  /** The X-KEZ-Auth value for a request (target exactly as it will be sent). */
  public String auth(String method, String target, byte[] body, String endpoint, long ts) {
    return ChatAuth.forRequest(method, target, body, endpoint, handle, key.publicKey(), ts)
        .sign(key)
        .format();
  }

  public ChatKey chatKey(long now) {
    return ChatKey.sign(handle, device.encKey(), now, null, key);
  }

  /** A text message to {@code to}, sealed to its device and to this sender's own. */
  public Envelope seal(Person to, String text, long now) {
    ChatMessage m = ChatMessage.text(handle, to.handle, text, now, key);
    List<dev.kez.chat.protocol.EncKey> devices = new ArrayList<>(List.of(to.device.encKey()));
    devices.add(device.encKey());
    return Envelope.seal(m, devices);
  }
}
