package org.llmlb.balancer.operations.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.stats.control.Histogram;

class PrometheusTextTest {

    @Test
    void escapesBackslashQuoteAndNewlineInLabelValues() {
        assertThat(PrometheusText.escapeLabel("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
        assertThat(PrometheusText.escapeLabel("plain-name_1")).isEqualTo("plain-name_1");
        assertThat(PrometheusText.escapeLabel("")).isEmpty();
        assertThat(PrometheusText.escapeLabel("ümlaut € ok")).isEqualTo("ümlaut € ok");
    }

    @Test
    void helpTextEscapesBackslashAndNewlineButNotQuotes() {
        assertThat(PrometheusText.escapeHelp("say \"hi\"\\\nbye")).isEqualTo("say \"hi\"\\\\\\nbye");
    }

    @Test
    void writesFamiliesWithHelpTypeAndEscapedLabels() {
        String text = new PrometheusText()
                .family("lb_endpoint_tokens_total", "counter", "Total tokens per endpoint")
                .sample("lb_endpoint_tokens_total", 42, "endpoint", "gpu \"a\"", "type", "prompt")
                .toString();

        assertThat(text).isEqualTo("""
                # HELP lb_endpoint_tokens_total Total tokens per endpoint
                # TYPE lb_endpoint_tokens_total counter
                lb_endpoint_tokens_total{endpoint="gpu \\"a\\"",type="prompt"} 42
                """);
    }

    @Test
    void numbersAreIntegersWhenWholeAndGoFloatsOtherwise() {
        assertThat(PrometheusText.number(3)).isEqualTo("3");
        assertThat(PrometheusText.number(1.23)).isEqualTo("1.23");
        assertThat(PrometheusText.number(0.005)).isEqualTo("0.005");
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void histogramHasCumulativeBucketsInfSumAndCount() {
        Histogram histogram = new Histogram(0.5, 2.5);
        histogram.observe(TimeUnit.MILLISECONDS.toNanos(100));
        histogram.observe(TimeUnit.SECONDS.toNanos(1));
        histogram.observe(TimeUnit.SECONDS.toNanos(5));

        String text = new PrometheusText().histogram("lb_x_seconds", "X", histogram.snapshot()).toString();

        assertThat(text).isEqualTo("""
                # HELP lb_x_seconds X
                # TYPE lb_x_seconds histogram
                lb_x_seconds_bucket{le="0.5"} 1
                lb_x_seconds_bucket{le="2.5"} 2
                lb_x_seconds_bucket{le="+Inf"} 3
                lb_x_seconds_sum 6.1
                lb_x_seconds_count 3
                """);
    }
}
