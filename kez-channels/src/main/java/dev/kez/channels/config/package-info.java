/**
 * Where channel endpoints are set: flags, {@code KEZ_<KEY>} variables, {@code KEZ_HOME/config},
 * defaults (SPEC §10).
 */
@NullMarked
package dev.kez.channels.config;

import org.jspecify.annotations.NullMarked;
