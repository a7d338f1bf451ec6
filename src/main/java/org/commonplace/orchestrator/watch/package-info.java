/**
 * Watching files for changes: the one {@link org.commonplace.orchestrator.watch.FileWatcher} of a run
 * (one thread and one JDK {@code WatchService} for every subscriber, made at the first one), what a
 * subscriber wants ({@link org.commonplace.orchestrator.watch.Interest}: globs relative to a folder,
 * globs to ignore, a debounce), how globs become folders to watch and a yes or no for a path ({@link
 * org.commonplace.orchestrator.watch.Globs}), the folders registered with the service, recursively and
 * within a bound ({@link org.commonplace.orchestrator.watch.Folders}), and when a burst of changes is
 * told ({@link org.commonplace.orchestrator.watch.Debouncer}, on a fake clock in its tests).
 *
 * <p>Costs nothing while nothing changes: the thread blocks in the service until an event comes or a
 * debounce is due, and no file is read or stat'ed but the folders, when they are registered. What a
 * change means (a reload, a restart) is the subscriber's business, told on the watcher's thread: it
 * must be quick, and must never touch supervision state (it posts to the loop).
 *
 * <p>Imports of ours only {@code policy} (the {@code Ticker}); knows no config, process or supervisor.
 */
package org.commonplace.orchestrator.watch;
