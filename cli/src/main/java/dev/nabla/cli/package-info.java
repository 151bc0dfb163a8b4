/** The {@code nabla} command: headless jobs, backend information and runnable examples. */
package dev.nabla.cli;
