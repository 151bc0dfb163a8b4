package dev.nabla.autodiff;

import dev.nabla.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse-mode walk: orders the graph behind a tensor topologically with an explicit stack
 * (deep networks must not overflow the Java stack), then applies each node's rule once, after
 * all gradients flowing into it have been summed, and accumulates into the leaves' {@code grad}.
 */
public final class Backward {
    private Backward() {
    }

    /**
     * Backpropagates {@code grad} (the gradient of some scalar with respect to {@code root}) into
     * every leaf that requires grad. Frees the graph unless {@code retainGraph}.
     */
    public static void run(Tensor root, Tensor grad, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor " + Arrays.toString(root.shape())
                    + " does not require grad and has no grad_fn");
        }
        if (!Arrays.equals(grad.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Arrays.toString(grad.shape())
                    + " differs from tensor shape " + Arrays.toString(root.shape()));
        }
        Node rootNode = root.gradFn();
        if (rootNode == null) {
            root.accumulateGrad(grad);
            return;
        }
        List<Node> order = topologicalOrder(rootNode);
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(rootNode, grad);
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (Node node : order) {
                Tensor g = pending.remove(node);
                if (g == null) {
                    continue;
                }
                node.checkVersions();
                Tensor[] inputGrads = Derivatives.backward(node, g);
                for (int i = 0; i < node.inputs.length; i++) {
                    Tensor input = node.inputs[i];
                    if (input == null || !input.requiresGrad() || inputGrads[i] == null) {
                        continue;
                    }
                    Tensor gi = inputGrads[i];
                    if (!Arrays.equals(gi.shape(), input.shape())) {
                        throw new IllegalStateException(node.name + ": backward rule produced a gradient of shape "
                                + Arrays.toString(gi.shape()) + " for input " + i + " of shape "
                                + Arrays.toString(input.shape()));
                    }
                    Node producer = input.gradFn();
                    if (producer == null) {
                        input.accumulateGrad(gi);
                    } else {
                        pending.merge(producer, gi, Tensor::add);
                    }
                }
            }
        }
        if (!retainGraph) {
            order.forEach(Node::free);
        }
    }

    /** Nodes reachable from {@code root}, each after every node that consumes its output. */
    private static List<Node> topologicalOrder(Node root) {
        if (root.isFreed()) {
            throw graphFreed(root);
        }
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Integer> nextInput = new ArrayDeque<>();
        stack.push(root);
        nextInput.push(0);
        visited.add(root);
        while (!stack.isEmpty()) {
            Node node = stack.peek();
            int i = nextInput.pop();
            if (i < node.inputs.length) {
                nextInput.push(i + 1);
                Tensor input = node.inputs[i];
                Node child = input == null ? null : input.gradFn();
                if (child != null && visited.add(child)) {
                    if (child.isFreed()) {
                        throw graphFreed(child);
                    }
                    stack.push(child);
                    nextInput.push(0);
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    private static IllegalStateException graphFreed(Node node) {
        return new IllegalStateException("backward: the graph through '" + node.name
                + "' was already freed by an earlier backward(); call backward(grad, true) to retain it");
    }
}
