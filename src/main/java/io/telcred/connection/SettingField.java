package io.telcred.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One entry of the settings table: a value field (name, type, whether null is a value, default) or a
 * group of fields stored as a nested object ({@code inbound}, {@code rtcp_settings}, ...).
 */
final class SettingField {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final SettingType type;
    private final boolean nullable;
    private final Object defaultValue;
    private final List<SettingField> children;

    private SettingField(String name, SettingType type, boolean nullable, Object defaultValue, List<SettingField> children) {
        this.name = name;
        this.type = type;
        this.nullable = nullable;
        this.defaultValue = defaultValue;
        this.children = children;
    }

    /** A field for which an explicit JSON null means "leave it as it is". */
    static SettingField field(String name, SettingType type, Object defaultValue) {
        return new SettingField(name, type, false, defaultValue, List.of());
    }

    /** A field for which an explicit JSON null is a value: it clears the setting. */
    static SettingField nullable(String name, SettingType type, Object defaultValue) {
        return new SettingField(name, type, true, defaultValue, List.of());
    }

    /** A nested object, merged field by field; a JSON null for it changes nothing. */
    static SettingField group(String name, SettingField... children) {
        return new SettingField(name, null, false, null, List.of(children));
    }

    String name() {
        return name;
    }

    /** A fresh copy of the default: groups come complete with all their fields. */
    JsonNode defaultNode() {
        if (type == null) {
            ObjectNode object = NODES.objectNode();
            children.forEach(child -> object.set(child.name, child.defaultNode()));
            return object;
        }
        return toNode(defaultValue);
    }

    /**
     * Validates this field in {@code request} (a JSON object at {@code parentPointer}) and, when it is
     * present, writes it into {@code target}. Unknown members of {@code request} are not looked at.
     */
    void apply(ObjectNode target, JsonNode request, String parentPointer) {
        JsonNode value = request.get(name);
        if (value == null || value.isMissingNode()) {
            return;
        }
        String pointer = parentPointer + "/" + name;
        if (value.isNull()) {
            if (nullable) {
                target.putNull(name);
            }
            return;
        }
        if (type != null) {
            target.set(name, type.check(value, pointer, nullable));
            return;
        }
        if (!value.isObject()) {
            throw SettingType.reject(pointer, "an object", false, SettingType.shown(value));
        }
        // A stored settings object written before this group existed gets the group's defaults first.
        JsonNode current = target.get(name);
        ObjectNode merged = current instanceof ObjectNode object ? object : (ObjectNode) defaultNode();
        for (SettingField child : children) {
            child.apply(merged, value, pointer);
        }
        target.set(name, merged);
    }

    private static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(element -> array.add(toNode(element)));
            return array;
        }
        throw new IllegalArgumentException("Unsupported default value: " + value);
    }
}
