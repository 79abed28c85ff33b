package io.telcred.connection;

/**
 * A credential connection to create: its own login, its name, and its settings (complete: start
 * from {@link ConnectionSettings#DEFAULTS}). A null field is one the request did not give.
 *
 * @param active null for the default, active
 */
public record NewConnection(String connectionName, String userName, String password, Boolean active,
                            ConnectionSettings settings) {

    /** Leaves out the password: this may end up in a log line. */
    @Override
    public String toString() {
        return "NewConnection[connectionName=" + connectionName + ", userName=" + userName + ", active=" + active + "]";
    }
}
