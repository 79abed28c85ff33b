package io.telcred.connection;

import java.util.function.UnaryOperator;

/**
 * A change to a credential connection: each field null to keep it. The settings change from the
 * stored ones, so that a form or a PATCH can change a few settings and keep the rest.
 */
public record ConnectionChange(String connectionName, String userName, String password, Boolean active,
                               UnaryOperator<ConnectionSettings> settings) {

    public ConnectionChange {
        settings = settings == null ? UnaryOperator.identity() : settings;
    }

    /** Leaves out the password: this may end up in a log line. */
    @Override
    public String toString() {
        return "ConnectionChange[connectionName=" + connectionName + ", userName=" + userName + ", active=" + active + "]";
    }
}
