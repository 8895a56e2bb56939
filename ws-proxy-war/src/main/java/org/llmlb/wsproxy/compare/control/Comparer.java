package org.llmlb.wsproxy.compare.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.wsproxy.compare.entity.ComparedRun;
import org.llmlb.wsproxy.compare.entity.Comparison;
import org.llmlb.wsproxy.compare.entity.Difference;
import org.llmlb.wsproxy.compare.entity.Metric;
import org.llmlb.wsproxy.compare.entity.MetricInfo;
import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.engine.entity.TimelinePoint;
import org.llmlb.wsproxy.runs.control.RunStore;

/** Ended runs of this instance side by side, each against the first. */
@ApplicationScoped
public class Comparer {

    @Inject
    RunStore runs;

    /** {@code ids} in the caller's order; the first is the baseline. */
    public Comparison compare(List<String> ids) {
        if (ids.size() < 2) {
            throw new InvalidComparisonException("ids needs at least two run ids, comma-separated (got " + ids.size() + ")");
        }
        List<LoadRun> found = ids.stream().map(runs::find).toList();
        for (LoadRun run : found) {
            if (run.state() == RunState.RUNNING) {
                throw new InvalidComparisonException("run '" + run.id() + "' is still running; compare it once it has ended");
            }
        }
        Map<String, Double> baseline = Differences.metrics(found.get(0).summary());
        List<ComparedRun> compared = new ArrayList<>();
        for (LoadRun run : found) {
            Summary s = run.summary();
            Map<String, Double> metrics = Differences.metrics(s);
            Map<String, Difference> differences = compared.isEmpty() ? Map.of() : Differences.against(baseline, metrics);
            Card card = run.card();
            compared.add(new ComparedRun(run.id(), run.name(), run.state().wire(), card.baseUrl(), card.model(),
                    LoadProfile.describe(card.profile()), run.startedAt(), s.durationSeconds(), s.requests(), metrics, differences));
        }
        return new Comparison(found.get(0).id(), Arrays.stream(Metric.values()).map(MetricInfo::of).toList(), compared);
    }

    /** The per-second timelines of the runs {@code ids}, by id. */
    public Map<String, List<TimelinePoint>> timelines(List<String> ids) {
        Map<String, List<TimelinePoint>> t = new LinkedHashMap<>();
        ids.forEach(id -> t.put(id, runs.find(id).timeline()));
        return t;
    }
}
