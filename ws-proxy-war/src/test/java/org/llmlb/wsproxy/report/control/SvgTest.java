package org.llmlb.wsproxy.report.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.TimelinePoint;

class SvgTest {

    @Test
    void numbersKeepTheDigitsTheirSizeNeeds() {
        assertThat(Svg.number(0.01)).isEqualTo("0.01");
        assertThat(Svg.number(0)).isEqualTo("0");
        assertThat(Svg.number(7.25)).isEqualTo("7.3");
        assertThat(Svg.number(1234.5)).isEqualTo("1235");
    }

    @Test
    void aSecondWithoutAValueBreaksTheLineAndTextIsEscaped() {
        List<TimelinePoint> t = List.of(new TimelinePoint(0, 1, 0, 1, 10.0, 20.0, 1.0),
                new TimelinePoint(1, 0, 0, 0, null, null, null), new TimelinePoint(2, 1, 0, 1, 12.0, 22.0, 1.0));

        String svg = Svg.chart("<TTFT>", "ms", t, List.of(new Svg.Series("a&b", "#000", "", TimelinePoint::ttftMsMean)));

        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg).contains("&lt;TTFT&gt; (ms)", "a&amp;b").doesNotContain("<TTFT>");
    }

    @Test
    void theScaleEndsOnARoundNumber() {
        assertThat(Svg.niceCeiling(37)).isEqualTo(50);
        assertThat(Svg.niceCeiling(0)).isEqualTo(1);
        assertThat(Svg.niceCeiling(200)).isEqualTo(200);
    }
}
