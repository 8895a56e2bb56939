package org.llmlb.producer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator on a real Payara Micro, driven by the official OpenAI Java SDK. */
class SimulatorIT {

    static final String PROMPT = "Tell me a story";

    static SimServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SimServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static OpenAIClient openai(String profile) {
        return OpenAIOkHttpClient.builder().baseUrl(server.uri("/sim/" + profile + "/v1").toString())
                .apiKey("unused").maxRetries(0).timeout(Duration.ofSeconds(60)).build();
    }

    static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("any").addUserMessage(PROMPT);
    }

    /** A chunk and when it arrived, in milliseconds after the request was sent. */
    record Timed(long millis, ChatCompletionChunk chunk) {

        String content() {
            return chunk.choices().isEmpty() ? "" : chunk.choices().get(0).delta().content().orElse("");
        }
    }

    static List<Timed> stream(String profile, ChatCompletionCreateParams params) {
        List<Timed> chunks = new ArrayList<>();
        long sent = System.nanoTime();
        try (StreamResponse<ChatCompletionChunk> stream = openai(profile).chat().completions().createStreaming(params)) {
            stream.stream().forEach(c -> chunks.add(new Timed(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), c)));
        }
        return chunks;
    }

    static List<Timed> contentChunks(List<Timed> chunks) {
        return chunks.stream().filter(t -> !t.content().isEmpty()).toList();
    }

    @Test
    void nonStreamingChatAnswersFillerTextWithUsage() {
        ChatCompletion completion = openai("fast").chat().completions().create(chat().build());

        assertThat(completion.model()).isEqualTo("sim-fast");
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).startsWith("lorem ipsum dolor ").hasSize(text.length()));
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(32);
        assertThat(usage.promptTokens()).isEqualTo(4);
        assertThat(usage.totalTokens()).isEqualTo(36);
    }

    @Test
    void maxTokensShortensTheAnswer() {
        ChatCompletion chat = openai("fast").chat().completions().create(chat().maxCompletionTokens(5).build());
        assertThat(chat.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(chat.choices().get(0).message().content()).hasValue("lorem ipsum dolor sit amet ");
        assertThat(chat.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);

        Completion text = openai("fast").completions().create(CompletionCreateParams.builder()
                .model("any").prompt("one two three").maxTokens(5).build());
        assertThat(text.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(text.usage().orElseThrow().promptTokens()).isEqualTo(3);
        assertThat(text.choices().get(0).text()).isEqualTo("lorem ipsum dolor sit amet ");
    }

    @Test
    void tokensParameterSetsTheLengthOfAnswersAndStreams() {
        ChatCompletion whole = openai("custom;tokens=7").chat().completions().create(chat().build());
        assertThat(whole.usage().orElseThrow().completionTokens()).isEqualTo(7);
        assertThat(whole.model()).isEqualTo("sim-custom");

        List<Timed> chunks = stream("custom;tokens=7", chat().build());
        assertThat(contentChunks(chunks)).hasSize(7);
    }

    @Test
    void streamWithoutIncludeUsageCarriesUsageOnTheFinishingChunk() {
        List<Timed> chunks = stream("fast;tokens=4", chat().build());

        assertThat(chunks).hasSize(5);
        assertThat(contentChunks(chunks)).extracting(Timed::content).containsExactly("lorem ", "ipsum ", "dolor ", "sit ");
        ChatCompletionChunk last = chunks.get(4).chunk();
        assertThat(last.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(4);
        assertThat(chunks.subList(0, 4)).allSatisfy(t -> assertThat(t.chunk().usage()).isEmpty());
    }

    @Test
    void streamWithIncludeUsageEndsWithAUsageOnlyChunk() {
        List<Timed> chunks = stream("fast;tokens=3", chat().maxTokens(2)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertThat(contentChunks(chunks)).hasSize(2);
        ChatCompletionChunk finishing = chunks.get(chunks.size() - 2).chunk();
        assertThat(finishing.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.LENGTH);
        assertThat(finishing.usage()).isEmpty();
        ChatCompletionChunk usage = chunks.get(chunks.size() - 1).chunk();
        assertThat(usage.choices()).isEmpty();
        assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(2);
        assertThat(usage.usage().orElseThrow().promptTokens()).isEqualTo(4);
    }

    @Test
    void legacyCompletionsStreamOneTokenPerChunk() {
        List<Completion> chunks = new ArrayList<>();
        try (StreamResponse<Completion> stream = openai("custom;tokens=6").completions().createStreaming(
                CompletionCreateParams.builder().model("any").prompt("hello").build())) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks.stream().filter(c -> !c.choices().isEmpty() && !c.choices().get(0).text().isEmpty())).hasSize(6);
        assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens()).isEqualTo(6);
    }

    @Test
    void errorRateOneAlwaysFailsWithAServerError() {
        OpenAIClient failing = openai("fast;error_rate=1");
        assertThatThrownBy(() -> failing.chat().completions().create(chat().build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThatThrownBy(() -> stream("fast;error_rate=1", chat().build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void firstTokenWaitsForTtft() {
        List<Timed> chunks = stream("custom;ttft_ms=400;tokens=2", chat().build());
        assertThat(chunks.get(0).millis()).isGreaterThanOrEqualTo(380);
    }

    @Test
    void tokensArriveAtTheRateOfTps() {
        List<Timed> content = contentChunks(stream("custom;ttft_ms=0;tps=20;tokens=10", chat().build()));

        assertThat(content).hasSize(10);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < content.size(); i++) {
            gaps.add(content.get(i).millis() - content.get(i - 1).millis());
        }
        gaps.sort(null);
        assertThat(gaps.get(gaps.size() / 2)).as("median gap of " + gaps).isBetween(30L, 70L);
        // paced from the start: the last token is due 450 ms after the first
        assertThat(content.get(9).millis() - content.get(0).millis()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void slowFirstTokenProfileIsMeasurablySlowerThanAFastOne() {
        long fast = stream("quick;ttft_ms=0;tps=1000;tokens=5", chat().build()).get(0).millis();
        long slow = stream("sluggish;ttft_ms=600;tps=1000;tokens=5", chat().build()).get(0).millis();
        assertThat(slow).isGreaterThanOrEqualTo(580);
        assertThat(slow - fast).as("fast %d ms, slow %d ms", fast, slow).isGreaterThanOrEqualTo(300);
    }

    @Test
    void modelsListsTheProfilesModel() {
        assertThat(openai("fast").models().list().data()).extracting(Model::id).containsExactly("sim-fast");
        List<Model> custom = openai("custom;model=m1").models().list().data();
        assertThat(custom).extracting(Model::id).containsExactly("m1");
        assertThat(custom.get(0).ownedBy()).isEqualTo("simulator");
    }

    @Test
    void unknownProfileIsNotFoundInTheOpenAiErrorShape() throws Exception {
        assertThatThrownBy(() -> openai("nonesuch").models().list()).isInstanceOf(NotFoundException.class);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.uri("/sim/nonesuch/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("\"error\":{", "\"type\":\"invalid_request_error\"", "\"code\":\"not_found\"");
    }

    @Test
    void invalidParameterIsABadRequestInTheOpenAiErrorShape() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.uri("/sim/fast;tps=0/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"message\":\"tps must be more than 0", "\"code\":\"invalid_value\"");
    }
}
