package dev.kez.channels.bluesky;

import static dev.kez.channels.http.TestServer.fixture;

import java.util.Map;

/** The bluesky/author-feed.json fixture: an author's feed as the AppView answers it. */
public final class AuthorFeed {
  private AuthorFeed() {}

  /**
   * {@code did}'s feed, handle {@code handle}, whose own post says {@code text}; no repost text.
   */
  public static String of(String did, String handle, String text) {
    return fixture(
        "bluesky/author-feed.json",
        Map.of(
            "did", did,
            "otherdid", "did:plc:z72i7hdynmk6r22z27h6tvur",
            "handle", handle,
            "text", text,
            "reposttext", ""));
  }
}
