package io.telcred.validation;

import io.telcred.common.DomainException;
import io.telcred.common.FieldNames;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Validates a command against the constraints on its record components (Jakarta Bean Validation,
 * Hibernate Validator) and refuses the first bad value, in the order the components are declared,
 * with a {@link DomainException} that names the field ({@code inbound.codecs.1}) and says what it
 * must be and what it was.
 */
public final class Checks {

    /** How much of a refused text a message may quote. */
    private static final int MAX_QUOTED_LENGTH = 100;

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory().getValidator();

    private Checks() {
    }

    /** The command, when every constraint holds. */
    public static <T> T valid(T command) {
        Set<ConstraintViolation<T>> violations = VALIDATOR.validate(command);
        if (violations.isEmpty()) {
            return command;
        }
        Comparator<ConstraintViolation<T>> declared = Comparator.comparing(v -> order(command.getClass(), v.getPropertyPath()),
                Checks::compare);
        ConstraintViolation<T> first = violations.stream().min(declared).orElseThrow();
        String field = field(first.getPropertyPath());
        throw DomainException.invalid(field, field + " must be " + first.getMessage()
                + (nullable(first) ? ", or null" : "") + "; got " + shown(refusedValue(first)) + ".");
    }

    /** A value as an error message may show it: short, printable strings only. */
    public static String shown(Object value) {
        if (value instanceof String text) {
            int length = text.codePointCount(0, text.length());
            if (!Printable.is(text)) {
                return "a string containing control characters";
            }
            return length > MAX_QUOTED_LENGTH ? "a string of " + length + " characters" : "\"" + text + "\"";
        }
        if (value instanceof Number || value instanceof Boolean) {
            String text = value.toString();
            return text.length() > MAX_QUOTED_LENGTH ? "a number of " + text.length() + " digits" : text;
        }
        if (value instanceof Collection<?> items) {
            return "an array of " + items.size() + " items";
        }
        if (value instanceof Map<?, ?> || value instanceof Record) {
            return "an object";
        }
        return value == null ? "null" : "a value of another type";
    }

    /** {@code inbound.codecs.1}: the wire names of the properties, and indexes into lists. */
    private static String field(Path path) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                parts.add(Integer.toString(node.getIndex()));
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                parts.add(FieldNames.wire(node.getName()));
            }
        }
        return String.join(".", parts);
    }

    /** Where the refused value lies, as positions: each property's place in its record, each list index. */
    private static List<Integer> order(Class<?> root, Path path) {
        List<Integer> positions = new ArrayList<>();
        Class<?> type = root;
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                positions.add(node.getIndex());
            }
            if (node.getKind() == ElementKind.PROPERTY && type != null && type.isRecord()) {
                RecordComponent[] components = type.getRecordComponents();
                int position = components.length;
                for (int i = 0; i < components.length; i++) {
                    if (components[i].getName().equals(node.getName())) {
                        position = i;
                        type = components[i].getType();
                    }
                }
                positions.add(position);
            }
        }
        return positions;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int difference = Integer.compare(a.get(i), b.get(i));
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * The value at fault. A constraint on a whole list or record that points at one of its items or
     * components (an item listed twice, a minimum above its maximum) refuses the whole: the item's
     * or component's own value is shown.
     */
    private static Object refusedValue(ConstraintViolation<?> violation) {
        Object value = violation.getInvalidValue();
        Path.Node leaf = null;
        for (Path.Node node : violation.getPropertyPath()) {
            leaf = node;
        }
        if (leaf != null && leaf.getIndex() != null && value instanceof List<?> list && leaf.getIndex() < list.size()) {
            return list.get(leaf.getIndex());
        }
        RecordComponent component = leafComponent(violation);
        if (component == null || value != violation.getLeafBean()) {
            return value;
        }
        try {
            return component.getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
            return value;
        }
    }

    /** Whether null is a value of the refused field: a record component neither primitive nor {@code @NotNull}. */
    private static boolean nullable(ConstraintViolation<?> violation) {
        RecordComponent component = leafComponent(violation);
        return component != null && mayBeNull(component);
    }

    /** The record component the violation's path ends at, or null when it ends at a list item or elsewhere. */
    private static RecordComponent leafComponent(ConstraintViolation<?> violation) {
        Path.Node leaf = null;
        for (Path.Node node : violation.getPropertyPath()) {
            leaf = node;
        }
        Object bean = violation.getLeafBean();
        if (leaf == null || leaf.getKind() != ElementKind.PROPERTY || bean == null || !bean.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent component : bean.getClass().getRecordComponents()) {
            if (component.getName().equals(leaf.getName())) {
                return component;
            }
        }
        return null;
    }

    /**
     * Whether null is a value of a record component: neither primitive nor {@code @NotNull}. The
     * annotation lands on the accessor, as {@code @NotNull} does not target record components.
     */
    public static boolean mayBeNull(RecordComponent component) {
        return !component.getType().isPrimitive() && !component.getAccessor().isAnnotationPresent(NotNull.class);
    }
}
