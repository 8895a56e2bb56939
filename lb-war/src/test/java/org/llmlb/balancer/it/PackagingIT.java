package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/** The deployment files in config/ and docker/ agree with what the balancer really serves. */
class PackagingIT {

    static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyMetricTheGrafanaDashboardUsesIsExposed() throws Exception {
        LbServer server = LbServer.shared();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> families = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(metrics);
        while (type.find()) {
            families.add(type.group(1));
        }
        JsonNode dashboard = Admin.JSON.readTree(ROOT.resolve("config/grafana-dashboard.json").toFile());
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText();
                // several replicas each export their own numbers: every panel adds them up (or takes the max)
                assertThat(expr).as("panel '" + panel.get("title").asText() + "' over all replicas")
                        .matches("(sum|max by|avg by|histogram_quantile\\(0\\.\\d+, sum by \\(le\\)).*");
                Matcher name = Pattern.compile("lb_[a-z_]+").matcher(expr);
                while (name.find()) {
                    used.add(name.group().replaceAll("_(bucket|sum|count)$", ""));
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(8);
        assertThat(families).containsAll(used);
    }

    @Test
    void kubernetesManifestsHaveProbesVolumeServiceAndSecret() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        for (String file : List.of("config/k8s/load-balancer.yaml", "config/k8s/load-producer.yaml",
                "config/k8s/load-balancer-cluster.yaml")) {
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(ROOT.resolve(file).toFile())) {
                documents.addAll(it.readAll());
            }
        }
        List<String> kinds = documents.stream().map(d -> d.get("kind").asText()).toList();
        assertThat(kinds).contains("Deployment", "Service", "PersistentVolumeClaim", "Secret");
        for (JsonNode deployment : documents.stream().filter(d -> d.get("kind").asText().equals("Deployment")).toList()) {
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/started");
            assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
            assertThat(deployment.at("/spec/template/spec/securityContext/runAsUser").asInt()).isEqualTo(1000);
        }
        // the cluster sample: several replicas, grid members from a headless Service's DNS name
        JsonNode cluster = documents.stream().filter(d -> d.at("/metadata/name").asText().equals("llm-load-balancer-cluster")
                && d.get("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertThat(cluster.at("/spec/replicas").asInt()).isGreaterThan(1);
        assertThat(cluster.at("/spec/template/spec/containers/0/env").findValuesAsText("value"))
                .anyMatch(v -> v.startsWith("dns:llm-load-balancer-grid."));
        JsonNode grid = documents.stream().filter(d -> d.at("/metadata/name").asText().equals("llm-load-balancer-grid"))
                .findFirst().orElseThrow();
        assertThat(grid.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(grid.at("/spec/ports/0/port").asInt()).isEqualTo(5900);
    }

    @Test
    void theClusterFilesDifferFromTheSingleNodeOnesOnlyInTheDataGrid() throws Exception {
        List<String> single = commands("config/lb-preboot.txt");
        List<String> cluster = commands("config/lb-cluster-preboot.txt");
        assertThat(single).contains("set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false");
        assertThat(cluster).isEqualTo(single.stream()
                .filter(c -> !c.contains("hazelcast-config-specific-configuration.enabled")).toList());
        JsonNode compose = YAML.readTree(ROOT.resolve("docker/compose.cluster.yaml").toFile());
        for (String replica : List.of("lb-1", "lb-2", "lb-3")) {
            JsonNode env = compose.at("/services/" + replica + "/environment");
            assertThat(env.get("LB_CLUSTER_MEMBERS").asText()).isEqualTo("lb-1:5900,lb-2:5900,lb-3:5900");
            assertThat(env.get("LB_DB_URL").asText()).startsWith("jdbc:postgresql:");
            assertThat(compose.at("/services/" + replica + "/mem_limit").asText()).isEqualTo("512m");
        }
        assertThat(Files.readString(ROOT.resolve("docker/lb-entrypoint.sh")))
                .contains("lb-cluster-micro.jar", "tcpip:$LB_CLUSTER_MEMBERS", "exec java");
    }

    static List<String> commands(String file) throws Exception {
        return Files.readAllLines(ROOT.resolve(file)).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @Test
    void composeFileDefinesBothServicesHardened() throws Exception {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker/compose.yaml").toFile());
        for (String service : List.of("load-balancer", "load-producer")) {
            JsonNode s = compose.at("/services/" + service);
            assertThat(s.isMissingNode()).as(service).isFalse();
            assertThat(s.get("mem_limit").asText()).isEqualTo("512m");
            assertThat(s.get("security_opt").toString()).contains("no-new-privileges:true");
            assertThat(s.at("/logging/options/max-size").asText()).isEqualTo("10m");
            assertThat(Files.exists(ROOT.resolve("docker").resolve(s.at("/build/dockerfile").asText()
                    .replace("docker/", "")))).isTrue();
        }
        assertThat(compose.at("/services/load-balancer/volumes").toString()).contains("lb-data:/data");
        assertThat(compose.at("/volumes").has("lb-data")).isTrue();
        for (String dockerfile : List.of("docker/Dockerfile.lb", "docker/Dockerfile.producer")) {
            String text = Files.readString(ROOT.resolve(dockerfile));
            assertThat(text).contains("USER 1000:1000", "HEALTHCHECK", "/health/ready", "AS build");
            assertThat(text.contains("exec java") || text.contains("ENTRYPOINT [\"/opt/app/lb-entrypoint.sh\"]"))
                    .as(dockerfile + " starts java by exec (directly or in its entrypoint script)").isTrue();
        }
    }
}
