/**
 * Live delivery over WebSocket (SPEC.md §17): the handshake, frames, backpressure and cross-node
 * fan-out.
 */
@NullMarked
package dev.kez.chat.server.live;

import org.jspecify.annotations.NullMarked;
