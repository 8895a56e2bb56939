package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;

/** WireMock servers that answer like OpenAI backends; all stopped together after a test. */
public final class FakeUpstreams implements AutoCloseable {

    public static final String MODEL = "m1";
    public static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m1",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from %s"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""";

    private final List<AutoCloseable> running = new ArrayList<>();

    /** Serves {@code models} (default {@value #MODEL}) and answers chat with "Hello from {name}". */
    public WireMockServer wiremock(String name, String... models) {
        WireMockServer mock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        mock.start();
        running.add(mock::stop);
        StringBuilder data = new StringBuilder();
        for (String model : models.length == 0 ? new String[]{MODEL} : models) {
            data.append(data.length() == 0 ? "" : ",").append("{\"id\":\"").append(model)
                    .append("\",\"object\":\"model\",\"owned_by\":\"").append(name).append("\"}");
        }
        mock.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[" + data + "]}")));
        mock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(COMPLETION.formatted(name))));
        return mock;
    }

    public void add(AutoCloseable upstream) {
        running.add(upstream);
    }

    public static URI base(WireMockServer mock) {
        return URI.create(mock.baseUrl() + "/v1");
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable upstream : running) {
            upstream.close();
        }
        running.clear();
    }
}
