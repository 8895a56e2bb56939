package org.llmlb.balancer.stats.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.stats.entity.AnswerClass;
import org.llmlb.balancer.stats.entity.EndpointTotals;

/**
 * The endpoint totals in the store. Each save adds what this balancer counted since its last
 * save, rather than writing its own totals over the row: replicas sharing one PostgreSQL database
 * then add up instead of overwriting each other. Alone on SQLite the rows equal the totals it shows.
 */
@ApplicationScoped
public class TotalsStore {

    private static final String ADD = "UPDATE EndpointTotals t SET t.requests = t.requests + :requests,"
            + " t.failures = t.failures + :failures, t.promptTokens = t.promptTokens + :prompt,"
            + " t.completionTokens = t.completionTokens + :completion,"
            + " t.estimatedCompletionTokens = t.estimatedCompletionTokens + :estimated,"
            + " t.latencyMicrosSum = t.latencyMicrosSum + :latencySum, t.latencyCount = t.latencyCount + :latencyCount,"
            + " t.answers2xx = COALESCE(t.answers2xx, 0) + :a2xx, t.answers3xx = COALESCE(t.answers3xx, 0) + :a3xx,"
            + " t.answers4xx = COALESCE(t.answers4xx, 0) + :a4xx, t.answers5xx = COALESCE(t.answers5xx, 0) + :a5xx,"
            + " t.answersClientClosed = COALESCE(t.answersClientClosed, 0) + :closed,"
            + " t.answersNoAnswer = COALESCE(t.answersNoAnswer, 0) + :none WHERE t.endpointId = :id";

    @PersistenceContext
    EntityManager em;

    /** What this balancer's totals were at its last save (or at start, as loaded). */
    private final Map<Long, EndpointTotals> written = new ConcurrentHashMap<>();

    public List<EndpointTotals> load() {
        List<EndpointTotals> all = em.createQuery("SELECT t FROM EndpointTotals t", EndpointTotals.class)
                .getResultList();
        all.forEach(t -> written.put(t.endpointId, copy(t)));
        return all;
    }

    /** Adds the counts since the last save; call {@link #saved} once it committed. */
    @Transactional
    public void save(Map<Long, EndpointTotals> totals) {
        totals.forEach((id, now) -> {
            EndpointTotals before = written.get(id);
            EndpointTotals delta = minus(now, before);
            if (isZero(delta)) {
                return;
            }
            int updated = em.createQuery(ADD).setParameter("id", id)
                    .setParameter("requests", delta.requests).setParameter("failures", delta.failures)
                    .setParameter("prompt", delta.promptTokens).setParameter("completion", delta.completionTokens)
                    .setParameter("estimated", delta.estimatedCompletionTokens)
                    .setParameter("latencySum", delta.latencyMicrosSum).setParameter("latencyCount", delta.latencyCount)
                    .setParameter("a2xx", delta.answers(AnswerClass.S2XX)).setParameter("a3xx", delta.answers(AnswerClass.S3XX))
                    .setParameter("a4xx", delta.answers(AnswerClass.S4XX)).setParameter("a5xx", delta.answers(AnswerClass.S5XX))
                    .setParameter("closed", delta.answers(AnswerClass.CLIENT_CLOSED))
                    .setParameter("none", delta.answers(AnswerClass.NO_ANSWER))
                    .executeUpdate();
            if (updated == 0) {
                delta.endpointId = id;
                em.persist(delta);
            }
        });
    }

    public void saved(Map<Long, EndpointTotals> totals) {
        totals.forEach((id, now) -> written.put(id, copy(now)));
    }

    @Transactional
    public void delete(long endpointId) {
        written.remove(endpointId);
        EndpointTotals t = em.find(EndpointTotals.class, endpointId);
        if (t != null) {
            em.remove(t);
        }
    }

    static EndpointTotals minus(EndpointTotals now, EndpointTotals before) {
        EndpointTotals d = new EndpointTotals();
        d.endpointId = now.endpointId;
        d.requests = now.requests - (before == null ? 0 : before.requests);
        d.failures = now.failures - (before == null ? 0 : before.failures);
        d.promptTokens = now.promptTokens - (before == null ? 0 : before.promptTokens);
        d.completionTokens = now.completionTokens - (before == null ? 0 : before.completionTokens);
        d.estimatedCompletionTokens = now.estimatedCompletionTokens - (before == null ? 0 : before.estimatedCompletionTokens);
        d.latencyMicrosSum = now.latencyMicrosSum - (before == null ? 0 : before.latencyMicrosSum);
        d.latencyCount = now.latencyCount - (before == null ? 0 : before.latencyCount);
        for (AnswerClass c : AnswerClass.values()) {
            d.answers(c, now.answers(c) - (before == null ? 0 : before.answers(c)));
        }
        return d;
    }

    private static boolean isZero(EndpointTotals d) {
        boolean zero = d.requests == 0 && d.failures == 0 && d.promptTokens == 0 && d.completionTokens == 0
                && d.estimatedCompletionTokens == 0 && d.latencyMicrosSum == 0 && d.latencyCount == 0;
        for (AnswerClass c : AnswerClass.values()) {
            zero &= d.answers(c) == 0;
        }
        return zero;
    }

    private static EndpointTotals copy(EndpointTotals t) {
        return minus(t, null);
    }
}
