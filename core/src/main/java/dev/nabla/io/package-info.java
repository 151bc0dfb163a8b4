/**
 * Files: safetensors weights ({@link dev.nabla.io.Safetensors}), model descriptions and atomic
 * writes ({@link dev.nabla.io.AtomicFiles}) so that no error leaves a half-written file behind.
 */
package dev.nabla.io;
