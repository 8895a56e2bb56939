package org.llmlb.wsproxy.engine.entity;

import java.util.List;

/**
 * What a run read of its target's own numbers: from where ({@code source}, null when none could
 * be found), the samples about once a second, and {@code note}, why the last read gave nothing
 * (null while it works). A failing source is noted, never a reason to fail the run.
 */
public record ServerSignals(String source, String note, List<SignalSample> samples) {

    public static final ServerSignals NONE = new ServerSignals(null, null, List.of());
}
