/** Compare: the training-time model against its re-parameterised deploy form (logits, speed). */
package dev.repmlp.app.compare;
