/**
 * {@code kez sigchain}: the local sigchain in KEZ_HOME and the commands that write and read it
 * (links: SPEC.md §6; bundles: §7).
 */
@NullMarked
package dev.kez.cli.sigchain;

import org.jspecify.annotations.NullMarked;
