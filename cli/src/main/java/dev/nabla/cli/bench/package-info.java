/** {@code nabla bench}: the workloads, their timing on every backend, and the Markdown/JSON/PNG report. */
package dev.nabla.cli.bench;
