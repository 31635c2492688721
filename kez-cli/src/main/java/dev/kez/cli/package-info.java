/**
 * The {@code kez} command: its context ({@link dev.kez.cli.Kez}), option types ({@link
 * dev.kez.cli.Converters}), the one failure-to-exit-code table ({@link dev.kez.cli.ExitCode}), and
 * the identity, claim, verify and decode commands.
 */
@NullMarked
package dev.kez.cli;

import org.jspecify.annotations.NullMarked;
