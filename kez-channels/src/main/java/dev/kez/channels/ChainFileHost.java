package dev.kez.channels;

import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.claim.Account;
import java.util.Optional;

/**
 * A channel whose accounts can also host their identity's sigchain bundle (SPEC §7), a source
 * {@code kez verify id} reads for every such account in the chain (SPEC §11 step 3): GitHub, in a
 * gist file.
 */
public interface ChainFileHost {
  /** The file's name on the channel, e.g. {@code kez-sigchain.jsonl}. */
  String chainFileName();

  /**
   * The raw text of the account's own chain file, if it has one. Failures to look are thrown, so
   * that the caller can tell "none" from "could not look".
   */
  Optional<String> fetchChainFile(Account account, ChannelContext context, SafeHttp http)
      throws FetchException;
}
