package io.telcred.portal;

import io.telcred.common.DomainException;
import io.telcred.common.FieldNames;
import io.telcred.connection.ConnectionSettings;
import io.telcred.validation.Checks;
import io.telcred.validation.OneOf;
import io.telcred.validation.Whole;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection setting as a form field. It is named by its path in the API
 * ({@code inbound.channel_limit}), and everything else follows from that component of
 * {@link ConnectionSettings}: how it is entered (a checkbox for a boolean, a choice for a
 * {@link OneOf} string, a number, a comma-separated list, text), its choices and bounds, whether it
 * may be empty, and how a submitted value is read and put in place. What is allowed is still the
 * domain's to judge when the settings are saved; this only turns text into the component's type.
 */
final class SettingField {

    enum Kind { CHECKBOX, CHOICE, NUMBER, LIST, TEXT }

    private final String name;
    private final String label;
    private final String hint;
    private final List<RecordComponent> path;

    private SettingField(String name, String label, String hint, List<RecordComponent> path) {
        this.name = name;
        this.label = label;
        this.hint = hint;
        this.path = path;
    }

    /** @throws IllegalArgumentException when {@code name} is no setting: a mistake in the form's table */
    static SettingField of(String name, String label, String hint) {
        List<RecordComponent> path = new ArrayList<>();
        Class<?> type = ConnectionSettings.class;
        for (String part : name.split("\\.")) {
            RecordComponent component = type.isRecord() ? Arrays.stream(type.getRecordComponents())
                    .filter(c -> FieldNames.wire(c.getName()).equals(part)).findFirst().orElse(null) : null;
            if (component == null) {
                throw new IllegalArgumentException("no setting " + name);
            }
            path.add(component);
            type = component.getType();
        }
        if (type.isRecord()) {
            throw new IllegalArgumentException(name + " is a group of settings, not one");
        }
        return new SettingField(name, label, hint, List.copyOf(path));
    }

    String name() {
        return name;
    }

    String label() {
        return label;
    }

    String hint() {
        return hint;
    }

    Kind kind() {
        Class<?> type = leaf().getType();
        if (type == boolean.class || type == Boolean.class) {
            return Kind.CHECKBOX;
        }
        if (type == int.class || type == Integer.class) {
            return Kind.NUMBER;
        }
        if (type == List.class) {
            return Kind.LIST;
        }
        return leaf().isAnnotationPresent(OneOf.class) ? Kind.CHOICE : Kind.TEXT;
    }

    /** May be left empty (null), as the API allows. */
    boolean optional() {
        return Checks.mayBeNull(leaf());
    }

    /** The values a choice offers, or a list's items may be; empty for free values. */
    List<String> choices() {
        OneOf oneOf = leaf().getAnnotation(OneOf.class);
        if (oneOf == null && leaf().getAnnotatedType() instanceof AnnotatedParameterizedType list) {
            oneOf = list.getAnnotatedActualTypeArguments()[0].getAnnotation(OneOf.class);
        }
        return oneOf == null ? List.of() : List.of(oneOf.value());
    }

    /** A number's bounds and step, or null for other kinds. */
    Whole bounds() {
        return leaf().getAnnotation(Whole.class);
    }

    /** The value as the form shows it: "true"/"false" for a checkbox, items joined by ", " for a list. */
    String shown(ConnectionSettings settings) {
        Object value = read(settings);
        if (value == null) {
            return kind() == Kind.CHECKBOX ? "false" : "";
        }
        return value instanceof List<?> items ? String.join(", ", items.stream().map(String::valueOf).toList()) : value.toString();
    }

    /** A submitted value in the form {@link #shown} writes; null (not sent) is an unticked checkbox. */
    String normalized(String submitted) {
        if (kind() == Kind.CHECKBOX) {
            return Boolean.toString(submitted != null);
        }
        String text = submitted == null ? "" : submitted.strip();
        return kind() == Kind.LIST ? String.join(", ", items(text)) : text;
    }

    /**
     * The settings with the submitted value in place. A value sent as shown keeps the stored one
     * exactly, so that saving a form changes only what the user changed (an empty text stays what
     * it was, null or ""); so does a field not sent at all, except a checkbox, which a browser
     * leaves out when it is not ticked.
     *
     * @throws DomainException (invalid value, this field) when the text is not of the setting's type
     */
    ConnectionSettings apply(ConnectionSettings settings, String submitted) {
        String text = normalized(submitted);
        if ((submitted == null && kind() != Kind.CHECKBOX) || text.equals(shown(settings))) {
            return settings;
        }
        return (ConnectionSettings) with(settings, 0, parse(text));
    }

    private Object parse(String text) {
        if (text.isEmpty() && optional()) {
            return null;
        }
        return switch (kind()) {
            case CHECKBOX -> Boolean.valueOf(text);
            case NUMBER -> number(text);
            case LIST -> items(text);
            case CHOICE, TEXT -> text;
        };
    }

    private Integer number(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw DomainException.invalid(name, name + " must be a whole number; got " + Checks.shown(text) + ".");
        }
    }

    private static List<String> items(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private Object read(ConnectionSettings settings) {
        Object value = settings;
        for (RecordComponent component : path) {
            value = value == null ? null : get(value, component);
        }
        return value;
    }

    /** A copy of {@code record} with the component at {@code depth} of the path (and below) replaced. */
    private Object with(Object record, int depth, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            boolean onPath = components[i].getName().equals(path.get(depth).getName());
            values[i] = !onPath ? get(record, components[i])
                    : depth == path.size() - 1 ? value : with(get(record, components[i]), depth + 1, value);
        }
        try {
            return record.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e);
        }
    }

    private static Object get(Object record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private RecordComponent leaf() {
        return path.get(path.size() - 1);
    }
}
