/**
 * Neural-network building blocks. {@link dev.nabla.nn.Functional} holds the functional forms
 * (convolution, pooling, softmax, activations) as composites of tensor ops that use a backend's
 * fused kernel when it has one.
 */
package dev.nabla.nn;
