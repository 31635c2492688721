/** {@code ap:<user@host>} (SPEC §10.5): WebFinger, the actor document, its profile and outbox. */
@NullMarked
package dev.kez.channels.ap;

import org.jspecify.annotations.NullMarked;
