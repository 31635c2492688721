package dev.kez.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import dev.kez.core.testing.Tries;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random valid chains against a simple model, and every way of damaging them. */
class ChainPropertiesTest {

  /** 1..12 abstract steps (kind, pick) for {@link ChainModel}. */
  static List<int[]> steps(Random r) {
    return Tries.list(r, 1, 12, x -> new int[] {x.nextInt(5), x.nextInt(1001)});
  }

  @Test
  void replayGivesTheModelsState() {
    Tries.run(60, r -> replayGivesTheModelsState(steps(r)));
  }

  private static void replayGivesTheModelsState(List<int[]> steps) {
    ChainModel m = ChainModel.build(steps);
    ChainState st =
        assertInstanceOf(ChainResult.Verified.class, ChainVerifier.verify(m.links.iterator()))
            .state();
    assertEquals(m.primary.publicKey(), st.primaryKey());
    assertEquals(m.devices.keySet(), st.activeDevices());
    Map<Account, Status> actual = new HashMap<>();
    st.accounts().forEach((a, s) -> actual.put(a, s.status()));
    assertEquals(m.accounts, actual);
    assertEquals(m.authorities, st.authorities());
    assertEquals(m.links.size(), st.length());
    assertEquals(m.links.get(m.links.size() - 1).hash(), st.head());
    assertEquals(
        ChainModel.key("eldest", dev.kez.core.crypto.Algorithm.NOSTR).publicKey().encoded(),
        st.chain());
  }

  enum Damage {
    DROP,
    SWAP,
    DUPLICATE,
    ALTER
  }

  @Test
  void anyDamageIsDetected() {
    Tries.run(
        80,
        r ->
            anyDamageIsDetected(
                steps(r), Tries.pick(r, Damage.values()), r.nextInt(1001), r.nextInt(1001)));
  }

  private static void anyDamageIsDetected(List<int[]> steps, Damage damage, int i, int j) {
    List<Link> links = new ArrayList<>(ChainModel.build(steps).links);
    int n = links.size();
    switch (damage) {
      case DROP -> { // dropping the last link leaves a shorter valid chain: that is "behind", not
        // damage
        if (n < 2) return;
        links.remove(i % (n - 1));
      }
      case SWAP -> {
        if (n < 2) return;
        int a = i % n;
        int b = (a + 1 + j % (n - 1)) % n;
        Link t = links.get(a);
        links.set(a, links.get(b));
        links.set(b, t);
      }
      case DUPLICATE -> links.add(j % (n + 1), links.get(i % n));
      case ALTER -> {
        int a = i % n;
        ObjectNode o = links.get(a).toJson();
        o.put("created_at", o.get("created_at").asLong() + 1 + j);
        links.set(a, Link.parse(o));
      }
    }
    ChainResult r = ChainVerifier.verify(links.iterator());
    assertInstanceOf(ChainResult.Broken.class, r, damage.toString());
    assertEquals(Status.INVALID, r.toVerdict().status());
    // and through the bundle reader, as a file would be read
    assertInstanceOf(
        ChainResult.Broken.class,
        ChainVerifier.verify(Bundle.read(new StringReader(Bundle.toString(links)))));
  }

  @Test
  void divergentBranchesAreAFork() {
    Tries.run(40, r -> divergentBranchesAreAFork(steps(r), r.nextInt(1001)));
  }

  private static void divergentBranchesAreAFork(List<int[]> steps, int at) {
    ChainModel m = ChainModel.build(steps);
    int k = at % m.links.size(); // branch after link k (0: a second link 1)
    ChainState st =
        ChainVerifier.verify(m.links.subList(0, k).iterator()) instanceof ChainResult.Verified v
            ? v.state()
            : null;
    // the key that signs link k+1 in the original branch signs something else in the other
    var signer = keyAt(steps, k);
    Claim c =
        Claim.builder(Account.parse("github:forked"))
            .createdAt(ChainModel.T0 + 100L * (k + 1) + 7)
            .sign(signer);
    Link fork = Links.add(st, c, signer, c.createdAt());
    List<Link> branch = new ArrayList<>(m.links.subList(0, k));
    branch.add(fork);
    Verdict v = Forks.check(List.of(m.links, branch));
    assertInstanceOf(Verdict.Fork.class, v, v.reason());
    assertTrue(v.evidence().contains(fork.canonicalJson()));
    assertTrue(v.evidence().contains(m.links.get(k).canonicalJson()));
    // either branch alone is a valid chain
    assertTrue(Forks.check(List.of(branch)).isValid());
    assertTrue(Forks.check(List.of(m.links, m.links.subList(0, k))).isValid());
  }

  /** The primary key of the model after the first k steps. */
  private static dev.kez.core.crypto.SecretKey keyAt(List<int[]> steps, int k) {
    return ChainModel.build(steps.subList(0, k)).primary;
  }

  @Test
  void cuttingTheSigFromCanonicalTextIsCanonicalizingWithoutIt() {
    Tries.run(
        200,
        r ->
            cuttingTheSigFromCanonicalTextIsCanonicalizingWithoutIt(
                Tries.anyString(r, 255), Tries.anyString(r, 255), r.nextBoolean()));
  }

  private static void cuttingTheSigFromCanonicalTextIsCanonicalizingWithoutIt(
      String note, String nested, boolean withNote) {
    var key = ChainModel.key("cut", dev.kez.core.crypto.Algorithm.ED25519);
    Claim.Builder b = Claim.builder(Account.parse("github:cut")).createdAt(ChainModel.T0);
    if (withNote) b.note(note.length() > 280 ? note.substring(0, 280) : note);
    ObjectNode inner =
        dev.kez.core.json.Json.newObject().put("sig", nested).put("{\"sig\":", nested);
    inner.putArray("a").add(nested).addObject().put("sig", "}");
    b.member("x_nested", inner).member("z_" + nested.replace("\u0000", ""), inner.get("a"));
    Claim c = b.sign(key);
    ObjectNode unsigned = c.toJson();
    unsigned.remove("sig");
    assertEquals(
        dev.kez.core.json.Jcs.canonicalString(unsigned),
        dev.kez.core.json.Jcs.withoutMember(c.canonicalJson(), "sig"));
  }

  @Test
  void exportOfImportIsTheBundle() {
    Tries.run(40, r -> exportOfImportIsTheBundle(steps(r)));
  }

  private static void exportOfImportIsTheBundle(List<int[]> steps) {
    String bundle = Bundle.toString(ChainModel.build(steps).links);
    assertEquals(bundle, Bundle.toString(Bundle.parse(bundle)));
  }

  @Test
  void aLineThatIsNotCanonicalIsRefused() {
    Tries.run(40, r -> aLineThatIsNotCanonicalIsRefused(steps(r)));
  }

  private static void aLineThatIsNotCanonicalIsRefused(List<int[]> steps) {
    List<Link> links = ChainModel.build(steps).links;
    String pretty = dev.kez.core.json.Json.write(links.get(0).toJson()) + "\n";
    if (pretty.equals(links.get(0).canonicalJson() + "\n")) return;
    try {
      Bundle.parse(pretty);
      throw new AssertionError("a non-JCS line was accepted");
    } catch (MalformedException e) {
      assertTrue(e.getMessage().startsWith("bundle line 1"), e.getMessage());
    }
  }
}
