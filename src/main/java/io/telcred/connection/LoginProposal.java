package io.telcred.connection;

/** A login made up for a new connection: shown to the user, stored only when they save the connection. */
public record LoginProposal(String userName, String password) {

    /** Leaves out the password: this may end up in a log line. */
    @Override
    public String toString() {
        return "LoginProposal[userName=" + userName + "]";
    }
}
