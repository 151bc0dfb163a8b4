/**
 * The training loop: {@link dev.nabla.train.Trainer} (epochs, validation, early stopping,
 * callbacks, progress, JSON-lines metrics), evaluation metrics with a confusion matrix, and
 * hyper-parameter search.
 */
package dev.nabla.train;
