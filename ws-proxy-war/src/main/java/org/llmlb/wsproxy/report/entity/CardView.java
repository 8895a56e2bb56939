package org.llmlb.wsproxy.report.entity;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.Slo;

/** A card as a report shows it: what was sent and how, never its API key. */
public record CardView(String name, String baseUrl, String model, Map<String, Object> profile, ModelConfig modelConfig,
                       Long requestCount, Double durationSeconds, Map<String, Double> slo, boolean useCache, String preset,
                       String promptSource, int turns, long seed) {

    public static CardView of(Card c) {
        return new CardView(c.name(), c.baseUrl(), c.model(), LoadProfile.describe(c.profile()), c.modelConfig(),
                c.requestCount(), c.durationSeconds(), slo(c.slo()), c.useCache(), c.preset() == null ? null : c.preset().name(),
                c.messages() != null && !c.messages().isEmpty() ? "messages"
                        : c.workload().source().name().toLowerCase(Locale.ROOT),
                c.workload().turns(), c.workload().seed());
    }

    /** The thresholds under the names a card gives them (a record's would read {@code ttft_p95ms}). */
    private static Map<String, Double> slo(Slo slo) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (slo != null) {
            m.put("ttft_p95_ms", slo.ttftP95Ms());
            m.put("e2e_p95_ms", slo.e2eP95Ms());
            m.put("error_rate", slo.errorRate());
        }
        return m;
    }
}
