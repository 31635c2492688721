package dev.kez.cli;

import dev.kez.channels.ChannelPlugin;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import java.util.ServiceLoader;

/**
 * Where and how a person publishes a claim. A channel plugin's own instructions win (they know
 * the channel best); these short texts stand in for channels without a plugin on the class path.
 */
final class Publishing {
  private Publishing() {}

  static String instructions(Account account, Claim claim) {
    for (ChannelPlugin plugin : ServiceLoader.load(ChannelPlugin.class)) {
      if (plugin.channel() == account.channel()) return plugin.publishInstructions(account, claim);
    }
    String id = account.id();
    return switch (account.channel()) {
      case DNS -> "Publish it as a TXT record at _kez." + id + " (the line above is in zone-file form; in a DNS"
          + " provider's web form, enter the quoted strings in order, without the quotes).\n"
          + "Check it with: dig +short TXT _kez." + id;
      case GITHUB -> "Publish it as a public gist owned by " + id + ", in a file named kez.md with the text above"
          + " as its content: https://gist.github.com/";
      case NOSTR -> "Publish it from " + id + " as a nostr event of kind 30078 with the tag [\"d\",\"kez\"]"
          + " and the text above as its content.";
      case BLUESKY -> "Post the text above from @" + id + " (a post holds 300 graphemes), or put it in the"
          + " profile description.";
      case AP -> "Put the text above in a profile field or the bio of @" + id + ", or post it publicly from"
          + " that account.";
    };
  }
}
