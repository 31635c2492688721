/**
 * {@code kez verify id} (SPEC §11): from one account to its key, its sigchain and every account the
 * chain lists.
 */
@NullMarked
package dev.kez.channels.identity;

import org.jspecify.annotations.NullMarked;
