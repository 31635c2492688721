/**
 * {@code dns:<domain>} (SPEC §10.1): TXT records at {@code _kez.<domain>}, and the TXT resolver
 * bluesky shares.
 */
@NullMarked
package dev.kez.channels.dns;

import org.jspecify.annotations.NullMarked;
