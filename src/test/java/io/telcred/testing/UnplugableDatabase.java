package io.telcred.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.h2.tools.Server;

/**
 * A database reached over TCP on 127.0.0.1 that a test can unplug and plug back in, as a
 * PostgreSQL that stops and starts again: an in-memory H2 behind H2's own TCP server. Unplugged,
 * open connections break and new ones are refused; plugged back in on the same port, the same
 * data is there.
 */
public final class UnplugableDatabase implements AutoCloseable {

    private static final String MODE = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    private final String name = "outage" + UUID.randomUUID().toString().replace("-", "");
    /** Held from inside the process, so that the data outlives the TCP server's sessions. */
    private final Connection keeper;
    private Server server;
    private final int port;

    public UnplugableDatabase() {
        try {
            this.keeper = DriverManager.getConnection("jdbc:h2:mem:" + name + MODE, "sa", "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        this.server = start(0);
        this.port = server.getPort();
    }

    /** A URL for TELCRED_DATABASE_URL, in the PostgreSQL mode the embedded database uses. */
    public String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name + MODE;
    }

    /** Stops the TCP server: every connection through it breaks, and new ones are refused. */
    public void unplug() {
        server.stop();
    }

    /** Listens on the same port again. */
    public void plugIn() {
        server = start(port);
    }

    @Override
    public void close() {
        server.stop();
        try {
            keeper.close();
        } catch (SQLException e) {
            // the in-memory database goes with the JVM anyway
        }
    }

    private static Server start(int port) {
        try {
            return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the H2 TCP server: " + e.getMessage(), e);
        }
    }
}
