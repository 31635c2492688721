/**
 * Saved evidence (SPEC §11): every fetched response stored with {@code --save-evidence}, and
 * re-judged offline by {@code kez verify evidence}.
 */
@NullMarked
package dev.kez.channels.evidence;

import org.jspecify.annotations.NullMarked;
