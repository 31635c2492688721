/** The benchmarks: JMH suites and side-by-side ratio runs (README.md's benchmark table). */
@NullMarked
package dev.kez.bench;

import org.jspecify.annotations.NullMarked;
