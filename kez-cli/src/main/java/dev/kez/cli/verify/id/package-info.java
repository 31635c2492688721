/**
 * {@code kez verify id} and {@code kez verify evidence}: an identity graph fetched online, or
 * re-checked from saved evidence.
 */
@NullMarked
package dev.kez.cli.verify.id;

import org.jspecify.annotations.NullMarked;
