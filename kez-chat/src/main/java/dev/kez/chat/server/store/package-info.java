/**
 * The kez-chat store: per-handle logs of sealed envelopes on SQLite or PostgreSQL, written through
 * group commit.
 */
@NullMarked
package dev.kez.chat.server.store;

import org.jspecify.annotations.NullMarked;
