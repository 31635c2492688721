/**
 * {@code kez login}/{@code logout} and the credentials behind {@code kez publish}
 * (KEZ_HOME/credentials.json, mode 0600).
 */
@NullMarked
package dev.kez.cli.publish;

import org.jspecify.annotations.NullMarked;
