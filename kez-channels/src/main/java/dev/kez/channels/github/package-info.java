/**
 * {@code github:<login>} (SPEC §10.2): {@code kez*.md} files in the login's own public gists, and
 * the {@code kez-sigchain.jsonl} chain file.
 */
@NullMarked
package dev.kez.channels.github;

import org.jspecify.annotations.NullMarked;
