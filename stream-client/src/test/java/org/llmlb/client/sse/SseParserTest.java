package org.llmlb.client.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseParserTest {

    final List<String> events = new ArrayList<>();
    final List<String> data = new ArrayList<>();
    final SseParser parser = new SseParser(e -> {
        events.add(new String(e.copy(), StandardCharsets.UTF_8));
        data.add(e.data());
    }, 1024);

    void feed(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
    }

    @Test
    void anEventGoesOutWhenItsBlankLineArrives() throws Exception {
        feed("data: {\"a\":1}\n");
        assertThat(events).isEmpty();
        feed("\n");
        assertThat(events).containsExactly("data: {\"a\":1}\n\n");
        assertThat(data).containsExactly("{\"a\":1}");
    }

    @Test
    void linesMayEndInLfCrlfOrCrEvenWhenSplitBetweenReads() throws Exception {
        feed("data: one\r");
        feed("\n\r");
        feed("\ndata: two\r\rdata:three\n\n");
        assertThat(events).containsExactly("data: one\n\n", "data: two\n\n", "data:three\n\n");
        assertThat(data).containsExactly("one", "two", "three");
    }

    @Test
    void eventsSplitAnywhereComeOutWhole() throws Exception {
        String stream = "event: x\ndata: {\"n\":1}\n\ndata: [DONE]\n\n";
        for (char c : stream.toCharArray()) {
            feed(String.valueOf(c));
        }
        assertThat(events).containsExactly("event: x\ndata: {\"n\":1}\n\n", "data: [DONE]\n\n");
    }

    @Test
    void severalDataLinesAreJoinedWithLineFeeds() throws Exception {
        feed("data: a\ndata: b\n\n");
        assertThat(data).containsExactly("a\nb");
    }

    @Test
    void aCommentOnlyEventHasNoData() throws Exception {
        List<Boolean> hasData = new ArrayList<>();
        SseParser comments = new SseParser(e -> hasData.add(e.hasData()), 1024);
        byte[] bytes = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
        comments.feed(bytes, 0, bytes.length);
        assertThat(hasData).containsExactly(false);
    }

    @Test
    void recognisesTheDoneSentinel() throws Exception {
        List<Boolean> done = new ArrayList<>();
        SseParser sentinel = new SseParser(e -> done.add(e.isDone()), 1024);
        byte[] bytes = "data: [DONE]\n\ndata: [DONE] \n\n".getBytes(StandardCharsets.UTF_8);
        sentinel.feed(bytes, 0, bytes.length);
        assertThat(done).containsExactly(true, false);
    }

    @Test
    void anUnterminatedLastEventGoesOutAtTheEnd() throws Exception {
        feed("data: last");
        parser.finish();
        assertThat(events).containsExactly("data: last\n\n");
    }

    @Test
    void refusesAnEventLargerThanTheLimit() {
        assertThatThrownBy(() -> feed("data: " + "x".repeat(2000))).isInstanceOf(SseParser.EventTooLarge.class);
    }
}
