package io.telcred.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** The named parts {@code /ready} asks, in the order it shows them; ready when every one is {@link Readiness#OK}. */
public final class ReadinessChecks {

    private final Map<String, Readiness> checks = new LinkedHashMap<>();

    /** Adds a check; all are added while the server is built, before {@code /ready} is asked. */
    public synchronized ReadinessChecks add(String name, Readiness check) {
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("a readiness check named " + name + " is there already");
        }
        return this;
    }

    /** Each check's state now, by name. */
    public synchronized Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        checks.forEach((name, check) -> states.put(name, check.state()));
        return states;
    }

    public static boolean ready(Map<String, String> states) {
        return states.values().stream().allMatch(Readiness.OK::equals);
    }
}
