/**
 * The HTTP foundation both servers stand on: routes as a table, JSON errors, rate limits, flags,
 * databases and group commit.
 */
@NullMarked
package dev.kez.server;

import org.jspecify.annotations.NullMarked;
