/**
 * {@code top}: a full-screen live view of a running orchestrator, made of one {@code watch} and one
 * {@code logs -f} connection to its control socket. {@link org.commonplace.orchestrator.top.TopModel}
 * is the view's state (rows, selection, filter, output pane) and is tested without a terminal;
 * {@link org.commonplace.orchestrator.top.TopScreen} draws it with Lanterna; {@link
 * org.commonplace.orchestrator.top.Top} wires the connections, the keys and the screen.
 *
 * <p>The only package that imports Lanterna, and only {@code top} loads it: {@code run} and the other
 * commands never touch these classes. Imports control (the client side), model and
 * output's {@code ControlChars} (what the orchestrator sends is escaped before it is drawn); never
 * supervise.
 */
package org.commonplace.orchestrator.top;
