/**
 * The sig-server's store of chains on SQLite or PostgreSQL: forks per SPEC.md §6.7, trusted replay,
 * group commit, batched PostgreSQL reads.
 */
@NullMarked
package dev.kez.sigserver.store;

import org.jspecify.annotations.NullMarked;
