package dev.kez.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.testing.Vectors;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;

/**
 * RFC 9180 A.2.1 (base mode of the kez-chat suite), read unchanged from the vector file's markdown:
 * the suite this module fixes must replay the RFC's key derivation, encapsulation, every listed
 * encryption and the exports, and open what it sealed.
 */
class HpkeVectorsTest {
  private static final String FILE =
      "third-party/chat/rfc9180-A2-x25519-hkdfsha256-chacha20poly1305.md";

  /** A block of "name: value" lines, values wrapped over following lines as the RFC prints them. */
  record Values(Map<String, String> raw) {
    byte[] hex(String name) {
      assertTrue(raw.containsKey(name), "vector value missing: " + name);
      return HexFormat.of().parseHex(raw.get(name));
    }

    int number(String name) {
      return Integer.parseInt(raw.get(name));
    }

    static Values parse(String block) {
      Map<String, String> raw = new LinkedHashMap<>();
      String current = null;
      for (String line : block.split("\\n")) {
        Matcher kv = Pattern.compile("^([a-zA-Z_ ]+):\\s*([0-9a-f]*)$").matcher(line.strip());
        if (kv.matches()) {
          current = kv.group(1);
          raw.put(current, kv.group(2));
        } else if (current != null && line.strip().matches("[0-9a-f]+")) {
          raw.put(current, raw.get(current) + line.strip());
        }
      }
      return new Values(raw);
    }
  }

  /** The "Base Setup Information" section: setup values, encryptions, exports. */
  record Section(Values setup, List<Values> encryptions, List<Values> exports) {}

  static Section baseSection() {
    String md = Vectors.text(FILE);
    int start = md.indexOf("### Base Setup Information");
    int end = md.indexOf("### PSK Setup Information");
    assertTrue(start >= 0 && end > start, "the vector file has no base-mode section");
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("~~~\\n(.*?)~~~", Pattern.DOTALL).matcher(md.substring(start, end));
    while (m.find()) blocks.add(m.group(1));
    assertEquals(3, blocks.size(), "expected setup, encryptions and exports blocks");
    return new Section(Values.parse(blocks.get(0)), records(blocks.get(1)), records(blocks.get(2)));
  }

  private static List<Values> records(String block) {
    List<Values> out = new ArrayList<>();
    for (String rec : block.split("\\n\\s*\\n")) if (!rec.isBlank()) out.add(Values.parse(rec));
    return out;
  }

  @Test
  void suiteIdsAreThoseOfTheVectors() {
    Values s = baseSection().setup();
    assertEquals(
        List.of(0, 32, 1, 3),
        List.of(s.number("mode"), s.number("kem_id"), s.number("kdf_id"), s.number("aead_id")));
    HPKE hpke = ChatHpke.suite();
    assertEquals(0x0003, hpke.getAeadId());
    assertEquals(32, hpke.getEncSize());
  }

  @Test
  void replaysBaseModeSetupEncryptionsAndExports() throws Exception {
    Section v = baseSection();
    Values s = v.setup();
    HPKE hpke = ChatHpke.suite();
    AsymmetricCipherKeyPair eph = hpke.deriveKeyPair(s.hex("ikmE"));
    AsymmetricCipherKeyPair rcp = hpke.deriveKeyPair(s.hex("ikmR"));
    // serializePrivateKey clamps the X25519 scalar, so the derived pairs are compared by their
    // public halves
    assertArrayEquals(s.hex("pkEm"), hpke.serializePublicKey(eph.getPublic()));
    assertArrayEquals(s.hex("pkRm"), hpke.serializePublicKey(rcp.getPublic()));
    AsymmetricCipherKeyPair skR = hpke.deserializePrivateKey(s.hex("skRm"), s.hex("pkRm"));

    HPKEContextWithEncapsulation sender =
        hpke.setupBaseS(hpke.deserializePublicKey(s.hex("pkRm")), s.hex("info"), eph);
    assertArrayEquals(s.hex("enc"), sender.getEncapsulation());
    HPKEContext receiver = hpke.setupBaseR(s.hex("enc"), skR, s.hex("info"));

    int seq = 0;
    assertEquals(6, v.encryptions().size());
    for (Values e : v.encryptions()) {
      int target = e.number("sequence number");
      for (;
          seq < target;
          seq++) { // advance both contexts over the sequence numbers the RFC leaves out
        receiver.open(new byte[0], sender.seal(new byte[0], new byte[0]));
      }
      byte[] ct = sender.seal(e.hex("aad"), e.hex("pt"));
      assertArrayEquals(e.hex("ct"), ct, "ciphertext of sequence number " + target);
      assertArrayEquals(
          e.hex("pt"), receiver.open(e.hex("aad"), ct), "plaintext of sequence number " + target);
      seq++;
    }
    assertEquals(3, v.exports().size());
    for (Values x : v.exports()) {
      assertArrayEquals(
          x.hex("exported_value"), sender.export(x.hex("exporter_context"), x.number("L")));
    }
  }

  @Test
  void chatSuiteOpensWhatItSealsToTheVectorRecipient() {
    Values s = baseSection().setup();
    DeviceKey device = DeviceKey.fromSecret(s.hex("skRm"));
    assertArrayEquals(s.hex("pkRm"), device.encKey().bytes());
    String id = ChatMessage.newId();
    byte[] pt = s.hex("info");
    Envelope.Sealed copy = ChatHpke.seal(device.encKey(), pt, id);
    assertArrayEquals(pt, device.open(copy, id).orElseThrow());
    assertTrue(device.open(copy, ChatMessage.newId()).isEmpty(), "another id (aad) must not open");
  }
}
