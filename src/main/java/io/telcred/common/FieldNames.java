package io.telcred.common;

/**
 * Field names as the API, the portal and error messages write them: the snake_case of the Java
 * name. An underscore comes before each capital, and before digits that follow a word of more
 * than one letter, so that {@code timeout1xxSecs} is {@code timeout_1xx_secs} while
 * {@code onnetT38PassthroughEnabled} keeps its {@code t38}.
 */
public final class FieldNames {

    private FieldNames() {
    }

    public static String wire(String javaName) {
        StringBuilder name = new StringBuilder(javaName.length() + 8);
        int wordLength = 0;
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            boolean digitAfterLetter = Character.isDigit(c) && i > 0 && Character.isLetter(javaName.charAt(i - 1));
            if (Character.isUpperCase(c) || (digitAfterLetter && wordLength > 1)) {
                name.append('_');
                wordLength = 0;
            }
            name.append(Character.toLowerCase(c));
            wordLength = Character.isDigit(c) && !digitAfterLetter ? wordLength : wordLength + 1;
        }
        return name.toString();
    }
}
