package org.llmlb.producer.simulator.control;

import java.util.ArrayList;
import java.util.List;

/** A {@link Sequence.Output} that notes when each token, the end or the drop came, in virtual milliseconds. */
final class Recorded implements Sequence.Output {

    private final VirtualTime time;
    final List<Double> tokens = new ArrayList<>();
    Double completed;
    Double dropped;
    boolean gone;

    Recorded(VirtualTime time) {
        this.time = time;
    }

    double firstToken() {
        return tokens.get(0);
    }

    @Override
    public boolean token(int index) {
        if (gone) {
            return false;
        }
        if (index != tokens.size()) {
            throw new AssertionError("token " + index + " after " + tokens.size());
        }
        tokens.add(ms());
        return true;
    }

    @Override
    public void complete() {
        completed = ms();
    }

    @Override
    public void drop() {
        dropped = ms();
    }

    private double ms() {
        return time.nanoTime() / (double) VirtualTime.MS;
    }
}
