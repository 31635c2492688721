/**
 * {@code ./kez-sandbox}: the services of TUTORIAL.md on loopback ({@link dev.kez.sandbox.Sandbox}).
 */
@NullMarked
package dev.kez.sandbox;

import org.jspecify.annotations.NullMarked;
