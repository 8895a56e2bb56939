package org.llmlb.producer.simulator.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.llmlb.producer.simulator.control.Instance;

class LoadReportTest {

    final Instance.Load load = new Instance.Load(4, 3, 0.625, 0);

    @Test
    void textIsVllmsOrcaForm() {
        assertThat(LoadReport.of("TEXT", load)).isEqualTo("TEXT named_metrics.kv_cache_usage_perc=0.6250,"
                + " named_metrics.num_requests_waiting=3.0, named_metrics.num_requests_running=4.0");
    }

    @Test
    void jsonCarriesTheSameNumbers() {
        assertThat(LoadReport.of("JSON", load)).isEqualTo("JSON {\"named_metrics\":{\"kv_cache_usage_perc\":0.6250,"
                + "\"num_requests_waiting\":3.0,\"num_requests_running\":4.0}}");
    }

    @Test
    void anotherFormatGetsNoReport() {
        assertThat(LoadReport.of("PROTOBUF", load)).isNull();
    }
}
