package dev.nabla.cli.job;

import dev.nabla.optim.Schedule;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code schedule:} section: {@code constant}, {@code step} (step_size, gamma),
 * {@code exponential} (gamma), {@code cosine} (t_max = epochs, eta_min) or {@code warmup}
 * (epochs, start_factor, then: another schedule), as PyTorch's closed forms.
 */
final class ScheduleParser {
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "constant", Set.of("type"),
            "step", Set.of("type", "step_size", "gamma"),
            "exponential", Set.of("type", "gamma"),
            "cosine", Set.of("type", "t_max", "eta_min"),
            "warmup", Set.of("type", "epochs", "start_factor", "then"));

    private ScheduleParser() {
    }

    static Schedule parse(Section parent, String key, int epochs) {
        if (!parent.has(key)) {
            return Schedule.constant();
        }
        Section any = Section.lenient(parent.raw(key), parent.path(key), parent.base());
        any.require("type");
        String type = any.choice("type", null, List.of("constant", "step", "exponential", "cosine", "warmup"));
        Section s = Section.of(parent.raw(key), parent.path(key), parent.base(), FIELDS.get(type));
        return switch (type) {
            case "constant" -> Schedule.constant();
            case "step" -> {
                s.require("step_size");
                yield Schedule.step(s.integer("step_size", 1, 1, Integer.MAX_VALUE), s.positive("gamma", 0.1));
            }
            case "exponential" -> {
                s.require("gamma");
                yield Schedule.exponential(s.positive("gamma", 1));
            }
            case "cosine" -> Schedule.cosine(s.integer("t_max", epochs, 1, Integer.MAX_VALUE), s.nonNegative("eta_min", 0));
            default -> {
                s.require("epochs");
                int warm = s.integer("epochs", 1, 1, Integer.MAX_VALUE);
                double start = s.range("start_factor", 0.1, 0, 1, false);
                yield Schedule.warmup(warm, start, parse(s, "then", Math.max(1, epochs - warm)));
            }
        };
    }
}
