package org.llmlb.wsproxy.compare.entity;

import java.util.List;

/** Two or more runs side by side, each measured against {@code baseline}, the first. */
public record Comparison(String baseline, List<MetricInfo> metrics, List<ComparedRun> runs) {
}
