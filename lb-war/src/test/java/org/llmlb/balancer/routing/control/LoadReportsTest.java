package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.routing.entity.ServerLoad;

class LoadReportsTest {

    @Test
    void readsVllmsTextReport() {
        ServerLoad load = LoadReports.parse(
                "TEXT named_metrics.kv_cache_usage_perc=0.4, named_metrics.num_requests_waiting=3.0", 42);
        assertThat(load).isEqualTo(new ServerLoad(3.0, 0.4, 42));
    }

    @Test
    void readsTheJsonReport() {
        ServerLoad load = LoadReports.parse(
                "JSON {\"named_metrics\": {\"num_requests_waiting\": 7.0, \"kv_cache_usage_perc\": 0.25}}", 1);
        assertThat(load).isEqualTo(new ServerLoad(7.0, 0.25, 1));
    }

    @Test
    void aReportWithOneValueLeavesTheOtherUnknown() {
        ServerLoad load = LoadReports.parse("TEXT named_metrics.kv_cache_usage_perc=0.5", 1);
        assertThat(load.kvCacheUsage()).isEqualTo(0.5);
        assertThat(load.waiting()).isNaN();
    }

    @Test
    void anythingElseIsNoReport() {
        assertThat(LoadReports.parse(null, 1)).isNull();
        assertThat(LoadReports.parse("", 1)).isNull();
        assertThat(LoadReports.parse("BIN AAEC", 1)).isNull();
        assertThat(LoadReports.parse("TEXT named_metrics.other=1", 1)).isNull();
        assertThat(LoadReports.parse("TEXT named_metrics.num_requests_waiting=-1", 1)).isNull();
        assertThat(LoadReports.parse("TEXT named_metrics.num_requests_waiting=NaN", 1)).isNull();
        assertThat(LoadReports.parse("TEXT named_metrics.num_requests_waiting=lots", 1)).isNull();
        assertThat(LoadReports.parse("JSON {\"named_metrics\": {\"num_requests_waiting\": ", 1)).isNull();
    }
}
