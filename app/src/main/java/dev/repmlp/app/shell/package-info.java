/**
 * The application shell: the main window with its navigation, the content area that hosts the five
 * feature pages and the status bar (device, JVM memory, running jobs).
 */
package dev.repmlp.app.shell;
