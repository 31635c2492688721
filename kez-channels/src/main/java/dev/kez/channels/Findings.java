package dev.kez.channels;

import dev.kez.channels.http.ClaimText;
import dev.kez.core.claim.Claim;
import dev.kez.core.status.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The claims a channel found at the places it looked, and the problems of what looked like a claim
 * but was not one, decided the one way every channel decides: claims are found (the caller judges
 * them, SPEC §9.3); else a damaged candidate makes the proof {@code invalid}; else it is {@code
 * not_found}.
 */
public final class Findings {
  private final List<Claim> claims = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private @Nullable String location;

  /**
   * Reads the claims in text published at {@code where} (SPEC §10.4's rules, {@link ClaimText}).
   */
  public void scan(String text, @Nullable String where) {
    ClaimText.Result r = ClaimText.find(text);
    r.claims().forEach(c -> add(c, where));
    problems.addAll(r.problems());
  }

  /** A claim found at {@code where}; the first place that holds one is the proof's location. */
  public void add(Claim claim, @Nullable String where) {
    claims.add(claim);
    if (location == null) location = where;
  }

  /** A candidate that does not decode, as a one-line reason. */
  public void problem(String reason) {
    problems.add(reason);
  }

  public boolean isEmpty() {
    return claims.isEmpty();
  }

  /**
   * Found; else {@code invalid} built from the first problem; else {@code notFound}.
   *
   * @param evidence everything fetched on the way
   */
  public ProofLookup lookup(
      List<Evidence> evidence, Function<String, Verdict> invalid, Verdict notFound) {
    if (!claims.isEmpty()) return new ProofLookup.Found(claims, location, evidence);
    return new ProofLookup.Failed(
        problems.isEmpty() ? notFound : invalid.apply(problems.get(0)), evidence);
  }
}
