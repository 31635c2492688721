package dev.kez.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.ChainException.Rule;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules of SPEC.md §6.5 one by one, strict parsing, the local store and claims against a chain. */
class ChainRulesTest {
  static final long T = ChainModel.T0;
  final SecretKey eldest = ChainModel.key("eldest", Algorithm.NOSTR);
  final SecretKey stranger = ChainModel.key("stranger", Algorithm.NOSTR);
  final SecretKey device = ChainModel.key("device", Algorithm.ED25519);
  final Account alice = Account.parse("github:alice");

  static Clock at(long unix) {
    return Clock.fixed(Instant.ofEpochSecond(unix), ZoneOffset.UTC);
  }

  Link addBy(ChainState st, SecretKey k, Account a, long t) {
    return Links.add(st, Claim.builder(a).createdAt(t).sign(k), k, t);
  }

  Rule brokenRule(Link... links) {
    return assertInstanceOf(
            ChainResult.Broken.class, ChainVerifier.verify(List.of(links).iterator()))
        .rule();
  }

  @Test
  void linkOneIsSignedByTheEldestKeyWhichNamesTheChain() {
    ChainVerifier v = ChainVerifier.start();
    ChainState st = v.append(addBy(ChainState.EMPTY, eldest, alice, T));
    assertEquals(eldest.publicKey().encoded(), st.chain());
    assertEquals(eldest.publicKey(), st.primaryKey());
    // a stranger's link 2 has no authority
    ChainException e =
        assertThrows(
            ChainException.class,
            () -> v.append(addBy(st, stranger, Account.parse("github:bob"), T + 1)));
    assertEquals(2, e.seq());
    assertEquals(Rule.NO_AUTHORITY, e.rule(), e.getMessage());
  }

  @Test
  void theClaimOfAnAddMustBeByTheLinkKeyAndValidlySigned() {
    Claim byStranger = Claim.builder(alice).createdAt(T).sign(stranger);
    ObjectNode o =
        Links.add(ChainState.EMPTY, Claim.builder(alice).createdAt(T).sign(eldest), eldest, T)
            .toJson();
    o.set("claim", byStranger.toJson());
    assertEquals(Rule.CLAIM_KEY, brokenRule(resign(o, eldest)));
    ObjectNode claim = Claim.builder(alice).createdAt(T).sign(eldest).toJson();
    claim.put("note", "added after signing");
    o.set("claim", claim);
    assertEquals(Rule.CLAIM_SIG, brokenRule(resign(o, eldest)));
  }

  @Test
  void createdAtMayNotGoBack() {
    Link one = addBy(ChainState.EMPTY, eldest, alice, T);
    ChainState st = ChainVerifier.start().append(one);
    assertEquals(
        Rule.CREATED_AT, brokenRule(one, addBy(st, eldest, Account.parse("dns:a.example"), T - 1)));
    // equal times are fine: two links made in the same second
    assertInstanceOf(
        ChainResult.Verified.class,
        ChainVerifier.verify(
            List.of(one, addBy(st, eldest, Account.parse("dns:a.example"), T)).iterator()));
  }

  @Test
  void devicesSignAddAndRevokeOnlyAndStopWhenRevoked() {
    ChainVerifier v = ChainVerifier.start();
    ChainState st = v.append(addBy(ChainState.EMPTY, eldest, alice, T));
    st = v.append(Links.addDevice(st, eldest, device, "laptop", T + 1));
    assertEquals(java.util.Set.of(device.publicKey()), st.activeDevices());
    st = v.append(addBy(st, device, Account.parse("bluesky:alice.bsky.social"), T + 2));
    st = v.append(Links.revoke(st, alice, device, T + 3));
    assertEquals(Status.REVOKED, st.accounts().get(alice).status());
    ChainState before = st;
    assertEquals(
        Rule.DEVICE_OP,
        assertThrows(
                ChainException.class,
                () -> v.append(Links.revokeDevice(before, device, device.publicKey(), T + 4)))
            .rule());
    assertEquals(
        Rule.DEVICE_OP,
        assertThrows(
                ChainException.class, () -> v.append(Links.rotate(before, device, stranger, T + 4)))
            .rule());
    st = v.append(Links.revokeDevice(st, eldest, device.publicKey(), T + 4));
    ChainState after = st;
    ChainException e =
        assertThrows(
            ChainException.class,
            () -> v.append(addBy(after, device, Account.parse("dns:x.example"), T + 5)));
    assertEquals(Rule.AUTHORITY_ENDED, e.rule(), e.getMessage());
    // the device's earlier add stays valid
    assertEquals(
        Status.VALID, st.accounts().get(Account.parse("bluesky:alice.bsky.social")).status());
  }

  @Test
  void revokeNeedsAnAddToRevoke() {
    Link one = addBy(ChainState.EMPTY, eldest, alice, T);
    ChainState st = ChainVerifier.start().append(one);
    assertEquals(
        Rule.REVOKE_UNKNOWN,
        brokenRule(one, Links.revoke(st, Account.parse("github:bob"), eldest, T)));
  }

  @Test
  void rotateNeedsTheNewKeysSignature() {
    Link one = addBy(ChainState.EMPTY, eldest, alice, T);
    ChainState st = ChainVerifier.start().append(one);
    ObjectNode o = Links.rotate(st, eldest, stranger, T).toJson();
    o.put(
        "new_key_sig",
        Base64Url.encode(eldest.sign(Signing.digest(o, "new_key_sig")))); // signed by the wrong key
    assertEquals(Rule.CROSS_SIG, brokenRule(one, resign(o, eldest)));
    o.remove("new_key_sig");
    assertThrows(MalformedException.class, () -> Link.parse(o));
  }

  @Test
  void parsingIsStrict() {
    ObjectNode add = addBy(ChainState.EMPTY, eldest, alice, T).toJson();
    for (String[] bad :
        new String[][] {
          {"account", "github:bob"},
          {"new_key", stranger.publicKey().encoded()},
          {"device_key", device.publicKey().encoded()}
        }) {
      ObjectNode o = add.deepCopy();
      o.put(bad[0], bad[1]);
      assertThrows(MalformedException.class, () -> Link.parse(o), bad[0]);
    }
    ObjectNode o = add.deepCopy();
    o.put("prev", Base64Url.encode(new byte[32]));
    assertThrows(MalformedException.class, () -> Link.parse(o)); // link 1 has no prev
    ObjectNode two = add.deepCopy();
    two.put("seq", 2);
    assertThrows(MalformedException.class, () -> Link.parse(two)); // other links need one
    assertThrows(
        MalformedException.class,
        () -> Link.parse("{\"kez\":\"0.2\",\"type\":\"link\",\"seq\":1,\"seq\":1}"));
    ObjectNode future = add.deepCopy();
    future.put("x_future", "kept");
    assertEquals(
        "kept", Link.parse(future).toJson().get("x_future").asText()); // unknown members stay
  }

  @Test
  void linkExpiryUsesTheInjectedClock() {
    ObjectNode o =
        Links.add(ChainState.EMPTY, Claim.builder(alice).createdAt(T).sign(eldest), eldest, T)
            .toJson();
    o.put("expires_at", T + 1000);
    List<Link> chain = List.of(resign(o, eldest));
    ChainState early =
        assertInstanceOf(
                ChainResult.Verified.class, ChainVerifier.verify(chain.iterator(), at(T + 999)))
            .state();
    assertEquals(Status.VALID, early.accounts().get(alice).status());
    ChainState late =
        assertInstanceOf(
                ChainResult.Verified.class, ChainVerifier.verify(chain.iterator(), at(T + 1000)))
            .state();
    assertEquals(Status.EXPIRED, late.accounts().get(alice).status());
    Claim claim = late.accounts().get(alice).claim();
    assertEquals(
        Status.VALID, ClaimInChain.check(claim, early, Instant.ofEpochSecond(T + 999)).status());
    assertEquals(
        Status.EXPIRED, ClaimInChain.check(claim, late, Instant.ofEpochSecond(T + 1000)).status());
    // expires_at means nothing on a revoke
    ObjectNode r =
        Links.revoke(ChainVerifier.start().append(chain.get(0)), alice, eldest, T + 1).toJson();
    r.put("expires_at", T + 5);
    assertThrows(MalformedException.class, () -> Link.parse(r));
  }

  @Test
  void anExpiredDeviceMayNotSign() {
    ChainVerifier v = ChainVerifier.start(at(T + 5));
    ChainState st = v.append(addBy(ChainState.EMPTY, eldest, alice, T));
    ObjectNode req =
        DeviceEnrollment.request(st, eldest.publicKey(), device.publicKey(), null, T + 1);
    req.put("expires_at", T + 10);
    st = v.append(DeviceEnrollment.complete(DeviceEnrollment.signOnDevice(req, device), eldest));
    assertTrue(st.activeDevices().contains(device.publicKey()));
    ChainState s = st;
    assertEquals(
        Rule.DEVICE_EXPIRED,
        assertThrows(
                ChainException.class,
                () -> v.append(addBy(s, device, Account.parse("dns:x.example"), T + 10)))
            .rule());
    ChainVerifier later = ChainVerifier.resume(v.state(), at(T + 10));
    assertTrue(later.state().activeDevices().isEmpty());
    later.append(
        Links.revokeDevice(later.state(), eldest, device.publicKey(), T + 11)); // still revocable
  }

  @Test
  void theDeviceFlowInThreeSteps() {
    ChainState st = ChainVerifier.start().append(addBy(ChainState.EMPTY, eldest, alice, T));
    ObjectNode req =
        DeviceEnrollment.request(st, eldest.publicKey(), device.publicKey(), "phone", T + 1);
    ObjectNode signed = DeviceEnrollment.signOnDevice(req, device);
    Link l = DeviceEnrollment.complete(signed, eldest);
    assertTrue(l.crossSignatureValid() && l.signatureValid());
    assertEquals("phone", assertInstanceOf(LinkBody.AddDevice.class, l.body()).name());
    assertThrows(MalformedException.class, () -> DeviceEnrollment.signOnDevice(req, stranger));
    assertThrows(MalformedException.class, () -> DeviceEnrollment.complete(signed, stranger));
    ObjectNode forged = signed.deepCopy();
    forged.put("device_name", "changed after the device signed");
    assertThrows(MalformedException.class, () -> DeviceEnrollment.complete(forged, eldest));
  }

  @Test
  void claimsAgainstAChain() {
    ChainVerifier v = ChainVerifier.start();
    ChainState st = v.append(addBy(ChainState.EMPTY, eldest, alice, T));
    Claim dns = Claim.builder(Account.parse("dns:alice.example")).createdAt(T).sign(eldest);
    st = v.append(Links.add(st, dns, eldest, T + 1));
    SecretKey next = ChainModel.key("next", Algorithm.ED25519);
    st = v.append(Links.rotate(st, eldest, next, T + 2));
    st = v.append(Links.revoke(st, dns.account(), next, T + 3));
    Instant now = Instant.ofEpochSecond(T + 10);
    assertEquals(
        Status.VALID,
        ClaimInChain.check(st.accounts().get(alice).claim(), st, now)
            .status()); // rotate keeps old adds
    assertEquals(Status.REVOKED, ClaimInChain.check(dns, st, now).status());
    assertEquals(
        Status.INVALID,
        ClaimInChain.check(Claim.builder(alice).createdAt(T).sign(stranger), st, now).status());
    assertEquals(
        Status.VALID,
        ClaimInChain.check(
                Claim.builder(Account.parse("github:new")).createdAt(T).sign(next), st, now)
            .status());
    Claim tampered =
        Claim.parse(
            Claim.builder(Account.parse("github:new"))
                .createdAt(T)
                .sign(next)
                .toJson()
                .put("created_at", T + 1));
    assertEquals(Status.INVALID, ClaimInChain.check(tampered, st, now).status());
    Claim expiring =
        Claim.builder(Account.parse("github:alt")).createdAt(T).expiresAt(T + 5).sign(next);
    assertEquals(Status.EXPIRED, ClaimInChain.check(expiring, st, now).status());
  }

  @Test
  void theStoreWritesWholeFilesAndRefusesForks(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sigchain.jsonl");
    ChainStore store = ChainStore.open(file);
    assertTrue(store.state().isEmpty());
    store.append(st -> addBy(st, eldest, alice, T));
    store.append(st -> Links.addDevice(st, eldest, device, "laptop", T + 1));
    byte[] before = Files.readAllBytes(file);
    // a signing step that fails leaves the chain as it was
    assertThrows(
        IllegalStateException.class,
        () ->
            store.append(st -> {
              throw new IllegalStateException("no key");
            }));
    // so does a link that breaks a rule
    assertEquals(
        Rule.NO_AUTHORITY,
        assertThrows(
                ChainException.class,
                () -> store.append(st -> addBy(st, stranger, Account.parse("github:bob"), T + 2)))
            .rule());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(2, ChainStore.open(file).state().length());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary files left behind");
    }
    // merging: a copy that is behind adds nothing; one that is ahead adds its links; a fork is
    // refused
    ChainStore other = ChainStore.open(dir.resolve("other.jsonl"));
    assertTrue(other.merge(store.links().subList(0, 1)).isValid());
    assertTrue(other.merge(store.links()).isValid());
    assertEquals(store.state().head(), other.state().head());
    store.append(st -> addBy(st, eldest, Account.parse("dns:alice.example"), T + 3));
    other.append(st -> addBy(st, eldest, Account.parse("dns:mallory.example"), T + 3));
    byte[] otherBefore = Files.readAllBytes(dir.resolve("other.jsonl"));
    Verdict refused = other.merge(store.links());
    assertEquals(Status.FORK, refused.status());
    assertArrayEquals(otherBefore, Files.readAllBytes(dir.resolve("other.jsonl")));
    assertFalse(refused.evidence().isEmpty());
    assertEquals(Bundle.toString(store.links()), Files.readString(file));
  }

  private static Link resign(ObjectNode o, SecretKey k) {
    o.put("sig", Base64Url.encode(k.sign(Signing.digest(o, "new_key_sig", "device_sig"))));
    return Link.parse(o);
  }
}
