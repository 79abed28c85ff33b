package io.telcred.connection;

/**
 * Filters and order of a connection listing; null filters are off.
 *
 * @param nameContains case-insensitive substring of the connection name
 * @param fqdn         credential connections have no FQDN of their own: any value matches none
 * @param sort         one of {@link Sort}
 */
public record ConnectionQuery(String nameContains, String fqdn, String outboundVoiceProfileId, Sort sort) {

    public enum Sort {
        CREATED_AT("created_at", false), CREATED_AT_DESC("created_at", true),
        CONNECTION_NAME("connection_name", false), CONNECTION_NAME_DESC("connection_name", true),
        ACTIVE("active", false), ACTIVE_DESC("active", true);

        private final String field;
        private final boolean descending;

        Sort(String field, boolean descending) {
            this.field = field;
            this.descending = descending;
        }

        public String field() {
            return field;
        }

        public boolean descending() {
            return descending;
        }

        /** The order named by a {@code sort} parameter ({@code created_at}, {@code -connection_name}, ...), or null. */
        public static Sort parse(String text) {
            boolean descending = text.startsWith("-");
            String field = descending ? text.substring(1) : text;
            for (Sort sort : values()) {
                if (sort.field.equals(field) && sort.descending == descending) {
                    return sort;
                }
            }
            return null;
        }
    }
}
