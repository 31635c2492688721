package dev.kez.channels.ap;

import dev.kez.core.claim.Claim;
import java.util.HashMap;
import java.util.Map;

/** The values of the ap/*.json fixtures (WebFinger, actor, outbox) for an actor. */
public final class ApActor {
  private ApActor() {}

  /**
   * {@code user}@social.test, its actor served by social.test, with this summary, profile field
   * {@code kez} and outbox note (HTML); a map that a test may change.
   */
  public static Map<String, String> values(String user, String summary, String field, String note) {
    return at("social.test", user, summary, field, note);
  }

  /** The same for {@code user}@{@code host}, its actor served by {@code host}. */
  public static Map<String, String> at(
      String host, String user, String summary, String field, String note) {
    return new HashMap<>(
        Map.of(
            "user",
            user,
            "host",
            host,
            "actorhost",
            host,
            "idhost",
            host,
            "preferred",
            user,
            "summary",
            summary,
            "field",
            field,
            "note",
            note));
  }

  /** {@code user}@social.test whose summary holds {@code claim} as Mastodon renders it. */
  public static Map<String, String> holding(String user, Claim claim) {
    return values(user, "<p>" + claim.canonicalJson().replace("\"", "&quot;") + "</p>", "", "");
  }
}
