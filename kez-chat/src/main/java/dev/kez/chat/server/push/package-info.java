/**
 * Web Push (RFC 8291 payloads, RFC 8292 VAPID): subscriptions and the bounded, fire-and-forget
 * sender.
 */
@NullMarked
package dev.kez.chat.server.push;

import org.jspecify.annotations.NullMarked;
