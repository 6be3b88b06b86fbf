package io.github.gigabot.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of a set of durations (nearest rank), in milliseconds for the table. */
final class Latencies {

    private final List<Long> sortedNanos;

    Latencies(List<Long> nanos) {
        List<Long> copy = new ArrayList<>(nanos);
        Collections.sort(copy);
        this.sortedNanos = copy;
    }

    boolean isEmpty() {
        return sortedNanos.isEmpty();
    }

    int count() {
        return sortedNanos.size();
    }

    /** The {@code p}th percentile (0 < p <= 100) in milliseconds. */
    double millis(double p) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.size());
        return sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, rank - 1))) / 1e6;
    }

    double maxMillis() {
        return sortedNanos.isEmpty() ? Double.NaN : sortedNanos.get(sortedNanos.size() - 1) / 1e6;
    }
}
