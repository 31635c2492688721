/**
 * {@code nostr:<npub>} (SPEC §10.3): kind-30078 proof events on untrusted relays, each checked per
 * NIP-01.
 */
@NullMarked
package dev.kez.channels.nostr;

import org.jspecify.annotations.NullMarked;
