package org.llmlb.balancer.configuration.boundary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.balancer.admin.boundary.Fields;
import org.llmlb.balancer.admin.boundary.JsonBodies;
import org.llmlb.balancer.configuration.control.ConfigurationImport;
import org.llmlb.balancer.endpoints.boundary.EndpointFields;
import org.llmlb.balancer.endpoints.control.EndpointEvents;
import org.llmlb.balancer.endpoints.control.EndpointStore;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.incoming.boundary.BlockFields;
import org.llmlb.balancer.incoming.control.IncomingBlocks;
import org.llmlb.balancer.incoming.control.IncomingPosition;
import org.llmlb.balancer.incoming.control.IncomingStore;
import org.llmlb.balancer.incoming.entity.IncomingBlock;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.control.RoutingSettings;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Affinity;
import org.llmlb.balancer.routing.entity.RoutingMode;

/** The whole configuration as one JSON document: export without secrets, import all or nothing. */
@RequestScoped
@Path("config")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ConfigResource {

    static final Set<String> TOP = Set.of("routing_mode", "affinity", "incoming_pos", "endpoints", "incoming_blocks");
    static final Set<String> ENDPOINT = Stream.concat(Stream.of("id"), EndpointFields.NAMES.stream())
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> BLOCK = Stream.concat(Stream.of("id"), BlockFields.NAMES.stream())
            .collect(Collectors.toUnmodifiableSet());

    @Inject
    EndpointStore endpoints;

    @Inject
    IncomingStore blocks;

    @Inject
    IncomingBlocks incomingBlocks;

    @Inject
    IncomingPosition incomingPosition;

    @Inject
    RoutingSettings routing;

    @Inject
    Upstreams upstreams;

    @Inject
    Router router;

    @Inject
    ConfigurationImport importer;

    @Inject
    EndpointEvents endpointEvents;

    @Inject
    Validator validator;

    @GET
    public JsonObject export() {
        JsonArrayBuilder endpointList = Json.createArrayBuilder();
        for (Endpoint e : endpoints.all()) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("id", e.id).add("name", e.name)
                    .add("base_url", e.baseUrl).add("enabled", e.enabled).add("connected", e.connected)
                    .add("token_quota_percent", e.tokenQuotaPercent).add("priority_order", e.priorityOrder)
                    .add("max_concurrent", e.maxConcurrent).add("verify_tls", e.verifyTls)
                    .add("pos_x", e.posX).add("pos_y", e.posY);
            endpointList.add(e.timeout == null ? o.addNull("timeout") : o.add("timeout", e.timeout));
        }
        JsonArrayBuilder blockList = Json.createArrayBuilder();
        for (IncomingBlock b : blocks.all()) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("id", b.id).add("name", b.name)
                    .add("endpoint_ids", Json.createArrayBuilder(b.endpointIdList())).add("enabled", b.enabled)
                    .add("pos_x", b.posX).add("pos_y", b.posY);
            o = b.poolName == null ? o.addNull("pool_name") : o.add("pool_name", b.poolName);
            o = b.affinity == null ? o.addNull("affinity") : o.add("affinity", b.affinity);
            blockList.add(b.routingMode == null ? o.addNull("routing_mode") : o.add("routing_mode", b.routingMode));
        }
        IncomingPosition.Position incoming = incomingPosition.get();
        return Json.createObjectBuilder()
                .add("routing_mode", upstreams.mode().wire())
                .add("affinity", router.affinity().wire())
                .add("incoming_pos", Json.createObjectBuilder().add("pos_x", incoming.posX())
                        .add("pos_y", incoming.posY()))
                .add("endpoints", endpointList)
                .add("incoming_blocks", blockList)
                .build();
    }

    @PUT
    public JsonObject replace(String body) {
        JsonObject document = JsonBodies.object(body);
        List<FieldError> errors = new ArrayList<>();
        document.keySet().stream().filter(k -> !TOP.contains(k)).forEach(k -> errors.add(new FieldError(k, "unknown field")));
        Map<String, String> settings = new HashMap<>();
        JsonValue mode = document.get("routing_mode");
        if (mode != null) {
            String text = mode.getValueType() == JsonValue.ValueType.STRING ? ((jakarta.json.JsonString) mode).getString() : "";
            RoutingMode.parse(text).ifPresentOrElse(m -> settings.put(RoutingSettings.ROUTING_MODE, m.wire()),
                    () -> errors.add(new FieldError("routing_mode", RoutingMode.CHOICES)));
        }
        JsonValue affinity = document.get("affinity");
        if (affinity != null) {
            String text = affinity.getValueType() == JsonValue.ValueType.STRING ? ((jakarta.json.JsonString) affinity).getString() : "";
            Affinity.parse(text).ifPresentOrElse(a -> settings.put(RoutingSettings.AFFINITY, a.wire()),
                    () -> errors.add(new FieldError("affinity", Affinity.CHOICES)));
        }
        position(document.get("incoming_pos"), settings, errors);
        List<ConfigurationImport.EndpointEntry> endpointEntries = endpointEntries(document.get("endpoints"), errors);
        List<ConfigurationImport.BlockEntry> blockEntries = blockEntries(document.get("incoming_blocks"),
                endpointEntries.stream().map(ConfigurationImport.EndpointEntry::documentId).toList(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        ConfigurationImport.Result result = importer.apply(endpointEntries, blockEntries, settings);
        result.deletedEndpoints().forEach(endpointEvents::removed);
        routing.load();
        endpointEvents.replacedAll();
        incomingBlocks.reload(result.deletedBlocks());
        return export();
    }

    private static void position(JsonValue value, Map<String, String> settings, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (value instanceof JsonObject p && p.get("pos_x") instanceof JsonNumber x && p.get("pos_y") instanceof JsonNumber y
                && p.size() == 2) {
            settings.put(IncomingPosition.X, Double.toString(x.doubleValue()));
            settings.put(IncomingPosition.Y, Double.toString(y.doubleValue()));
        } else {
            errors.add(new FieldError("incoming_pos", "must be {\"pos_x\": number, \"pos_y\": number}"));
        }
    }

    private List<ConfigurationImport.EndpointEntry> endpointEntries(JsonValue value, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        return entries(value, "endpoints", errors, (o, own) -> {
            Endpoint values = new Endpoint();
            own.addAll(EndpointFields.read(new Fields(o, ENDPOINT), values).errors());
            own.addAll(Fields.violations(validator, values));
            long id = o.get("id") instanceof JsonNumber n && n.isIntegral() ? n.longValue() : -1;
            if (id < 0 || !ids.add(id)) {
                own.add(new FieldError("id", "must be a unique integer within the document"));
            }
            if (values.name != null && !names.add(values.name)) {
                own.add(new FieldError("name", "is used twice in the document"));
            }
            return new ConfigurationImport.EndpointEntry(id, values, o.containsKey("api_key"));
        });
    }

    private List<ConfigurationImport.BlockEntry> blockEntries(JsonValue value, List<Long> endpointIds,
                                                             List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        Set<String> pools = new HashSet<>();
        return entries(value, "incoming_blocks", errors, (o, own) -> {
            IncomingBlock values = new IncomingBlock();
            List<Long> wired = new ArrayList<>();
            Fields fields = BlockFields.read(new Fields(o, BLOCK), values, wired::addAll);
            wired.stream().filter(id -> !endpointIds.contains(id))
                    .forEach(id -> fields.error("endpoint_ids", "no endpoint with id " + id + " in the document"));
            if (values.name != null && !names.add(values.name)) {
                fields.error("name", "is used twice in the document");
            }
            if (values.poolName != null && !pools.add(values.poolName)) {
                fields.error("pool_name", "is claimed twice in the document");
            }
            try {
                fields.validate(validator, values);
            } catch (ProblemException rejected) {
                own.addAll(rejected.details);
            }
            return new ConfigurationImport.BlockEntry(values, wired);
        });
    }

    /** Reads each object of the array into an entry; {@code read} adds the object's own errors to its list. */
    private static <E> List<E> entries(JsonValue value, String name, List<FieldError> errors,
                                       BiFunction<JsonObject, List<FieldError>, E> read) {
        List<E> entries = new ArrayList<>();
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            errors.add(new FieldError(name, "must be an array"));
            return entries;
        }
        int i = 0;
        for (JsonValue item : value.asJsonArray()) {
            String at = name + "[" + i++ + "]";
            if (item instanceof JsonObject o) {
                List<FieldError> own = new ArrayList<>();
                entries.add(read.apply(o, own));
                own.forEach(e -> errors.add(new FieldError(at + "." + e.field(), e.message())));
            } else {
                errors.add(new FieldError(at, "must be an object"));
            }
        }
        return entries;
    }
}
