/**
 * Fetching what others control (SPEC §13.1: address policy, size and time limits, redirects) and
 * finding claims in free text.
 */
@NullMarked
package dev.kez.channels.http;

import org.jspecify.annotations.NullMarked;
