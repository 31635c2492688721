/** kez-sig-server (SPEC.md §12): the optional HTTP store of sigchains. */
@NullMarked
package dev.kez.sigserver;

import org.jspecify.annotations.NullMarked;
