/** The sig-server's HTTP edge: routes, and domain results mapped to statuses (SPEC.md §12). */
@NullMarked
package dev.kez.sigserver.http;

import org.jspecify.annotations.NullMarked;
