package io.telcred.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.telcred.common.DomainException;
import io.telcred.common.FieldNames;
import io.telcred.connection.ConnectionSettings;
import io.telcred.validation.Checks;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A connection's settings as JSON, the way the API writes them and the store keeps them: the
 * settings record's components by their wire names, nested groups as objects.
 *
 * <p>Reading merges: only the members present change, groups field by field, an explicit null
 * clears a field that may be null and leaves any other unchanged, and unknown members are
 * ignored. A value of the wrong JSON type is refused with the field it is in; whether a value of
 * the right type is allowed is the domain's to judge ({@link Checks}).
 */
public final class SettingsJson {

    /** Older Telnyx specs typed this as a string, and SDKs generated from them still send {@code "90"}. */
    private static final String DIGITS_ALLOWED = "inbound.timeout_2xx_secs";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonMapper MAPPER = mapper();

    private SettingsJson() {
    }

    public static ObjectNode write(ConnectionSettings settings) {
        return MAPPER.valueToTree(settings);
    }

    /**
     * {@code base} with the settings members of {@code request} (the JSON object of a create or
     * PATCH body; its other members are not looked at) applied; {@code base} is not changed.
     *
     * @throws DomainException (invalid value) at the first member, in the request's order, of the wrong JSON type
     */
    public static ConnectionSettings merged(ConnectionSettings base, JsonNode request) {
        ObjectNode merged = write(base);
        if (request != null && request.isObject()) {
            merge(merged, request, ConnectionSettings.class, "");
        }
        try {
            return MAPPER.treeToValue(merged, ConnectionSettings.class);
        } catch (JsonMappingException e) {
            throw wrongType(merged, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings that were valid JSON do not bind", e);
        }
    }

    /** Settings as stored; members an older version did not store take their defaults. */
    public static ConnectionSettings read(String stored) {
        return merged(ConnectionSettings.DEFAULTS, Json.parse(stored));
    }

    private static void merge(ObjectNode target, JsonNode request, Class<?> record, String prefix) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = FieldNames.wire(component.getName());
            JsonNode value = request.get(name);
            if (value == null) {
                continue;
            }
            if (value.isNull()) {
                if (Checks.mayBeNull(component)) {
                    target.putNull(name);
                }
            } else if (component.getType().isRecord() && value.isObject()) {
                merge((ObjectNode) target.get(name), value, component.getType(), prefix + name + ".");
            } else {
                target.set(name, normalized(prefix + name, value));
            }
        }
    }

    /** Whole numbers written as 10.0 are 10; digits in a string are a number where old SDKs send them so. */
    private static JsonNode normalized(String field, JsonNode value) {
        if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            if (number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return NODES.numberNode(number.longValueExact());
            }
        }
        if (field.equals(DIGITS_ALLOWED) && value.isTextual() && DIGITS.matcher(value.textValue()).matches()) {
            return NODES.numberNode(Long.parseLong(value.textValue()));
        }
        return value;
    }

    private static DomainException wrongType(ObjectNode merged, JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        StringBuilder pointer = new StringBuilder();
        Type type = ConnectionSettings.class;
        boolean nullable = false;
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                RecordComponent component = component(type, reference.getFieldName());
                if (component == null) {
                    break;
                }
                parts.add(reference.getFieldName());
                pointer.append('/').append(reference.getFieldName());
                type = component.getGenericType();
                nullable = Checks.mayBeNull(component);
            } else if (reference.getIndex() >= 0) {
                parts.add(Integer.toString(reference.getIndex()));
                pointer.append('/').append(reference.getIndex());
                type = elementType(type);
                nullable = false;
            }
        }
        String field = String.join(".", parts);
        Object value = Json.MAPPER.convertValue(merged.at(pointer.toString()), Object.class);
        return DomainException.invalid(field, field + " must be " + expected(type) + (nullable ? ", or null" : "")
                + "; got " + Checks.shown(value) + ".");
    }

    private static RecordComponent component(Type type, String wireName) {
        if (type instanceof Class<?> record && record.isRecord()) {
            for (RecordComponent component : record.getRecordComponents()) {
                if (FieldNames.wire(component.getName()).equals(wireName)) {
                    return component;
                }
            }
        }
        return null;
    }

    private static Type elementType(Type listType) {
        return listType instanceof ParameterizedType list ? list.getActualTypeArguments()[0] : Object.class;
    }

    /** The JSON type a Java type is written as, as a phrase that completes "x must be ...". */
    private static String expected(Type type) {
        Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType()
                : type instanceof Class<?> plain ? plain : Object.class;
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (raw == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(raw)) {
            return "an array";
        }
        return raw.isRecord() ? "an object" : "a value of another type";
    }


    private static JsonMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(new PropertyNamingStrategies.NamingBase() {
                    @Override
                    public String translate(String javaName) {
                        return FieldNames.wire(javaName);
                    }
                })
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }
}
