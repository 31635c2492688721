/**
 * The channel seam (SPEC §10): {@link dev.kez.channels.ChannelPlugin} holds everything one channel
 * is (where its proofs live, their size limit and encodings, its endpoints, and the capabilities it
 * offers: {@link dev.kez.channels.ChainFileHost}, {@link dev.kez.channels.ProofPublisher}); {@link
 * dev.kez.channels.ProofLookup} is what a lookup returns. Types here are null-free unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.kez.channels;

import org.jspecify.annotations.NullMarked;
