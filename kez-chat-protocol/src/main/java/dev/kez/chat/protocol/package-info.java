/**
 * The kez-chat wire (SPEC.md §16, §17): handles, X-KEZ-Auth, chat_key records, sealed envelopes
 * (HPKE), log entries and pages, shared by the server and the clients.
 */
@NullMarked
package dev.kez.chat.protocol;

import org.jspecify.annotations.NullMarked;
