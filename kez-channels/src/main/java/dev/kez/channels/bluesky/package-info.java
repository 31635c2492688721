/**
 * {@code bluesky:<handle>} (SPEC §10.4): handle to DID, the DID document, posts and profile from
 * the AppView.
 */
@NullMarked
package dev.kez.channels.bluesky;

import org.jspecify.annotations.NullMarked;
