/** The kez-chat server (SPEC.md §17): configuration, routes, authentication and identity graphs. */
@NullMarked
package dev.kez.chat.server;

import org.jspecify.annotations.NullMarked;
