/**
 * Small view building blocks shared by the shell and the feature pages: page headers, empty states,
 * vector icons and the application icon. View code only; no view-model or engine here.
 */
package dev.repmlp.app.ui;
