/** Renderings of an identity graph: text, JSON, Graphviz DOT, Mermaid and SVG. */
@NullMarked
package dev.kez.channels.graph;

import org.jspecify.annotations.NullMarked;
