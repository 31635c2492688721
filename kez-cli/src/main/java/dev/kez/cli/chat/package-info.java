/**
 * {@code kez chat}: the terminal client of a kez-chat server (SPEC.md §16, §17) over the JDK's HTTP
 * and WebSocket clients, on the wire library kez-chat-protocol.
 */
@NullMarked
package dev.kez.cli.chat;

import org.jspecify.annotations.NullMarked;
