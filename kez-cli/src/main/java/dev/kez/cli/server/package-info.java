/**
 * {@code kez sigchain publish} and {@code fetch}: the client of kez-sig-server's API v1 (SPEC.md
 * §12).
 */
@NullMarked
package dev.kez.cli.server;

import org.jspecify.annotations.NullMarked;
