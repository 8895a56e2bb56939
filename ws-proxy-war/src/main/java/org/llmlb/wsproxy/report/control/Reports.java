package org.llmlb.wsproxy.report.control;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.report.entity.CardView;
import org.llmlb.wsproxy.report.entity.Environment;
import org.llmlb.wsproxy.report.entity.Report;
import org.llmlb.wsproxy.runs.control.RunStore;

/** A run's report as it stands now (a running run's is a snapshot). */
@ApplicationScoped
public class Reports {

    @Inject
    RunStore runs;

    @Inject
    Clock clock;

    public Report of(String id) {
        LoadRun run = runs.find(id);
        return new Report(run.id(), run.name(), run.state().wire(), run.startedAt(), run.endedAt(),
                CardView.of(run.card()), run.summary(), run.timeline(), Environment.current(clock),
                run.signals());
    }
}
