/**
 * JFreeChart adapters for the pages (loss and accuracy curves, learning-rate schedules, kernel heat
 * maps). View-only: they draw what view-models hand them and never call the engine.
 */
package dev.repmlp.app.charts;
