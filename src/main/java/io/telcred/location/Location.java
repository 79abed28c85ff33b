package io.telcred.location;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Who is registered now. The registrar writes bindings; the API and the proxy read them. In memory
 * by default; in a cluster, {@link #list} lists every node's bindings, while the others answer for
 * this node's own, which it can reach over the flows it holds. Expired bindings are never returned,
 * whether or not they have been swept yet.
 */
public interface Location {

    /** Adds a binding, or replaces the one of the same login name and {@link Binding#key()}. */
    void put(Binding binding);

    /**
     * Takes back a binding this node held before it restarted, telling no listener: it neither came
     * nor went. Replaces one of the same login name and key.
     */
    void restore(Binding binding);

    /** Removes one binding by its key; true when there was one. */
    boolean remove(String loginName, String bindingKey);

    /** Removes every binding of a login name (unregister all, or revocation). */
    void removeAll(String loginName);

    /** Removes every binding under a connection (the connection was deactivated or deleted). */
    void removeConnection(long connectionId);

    /** Removes every binding registered over a stream connection that has closed (RFC 5626 flow failure). */
    void removeFlow(String flowId);

    /** The live bindings of a login name, newest first. */
    List<Binding> bindings(String loginName);

    /** The live binding registered with this contact URI, for routing requests inside a dialog. */
    Optional<Binding> byContact(String contact);

    /** An account's live bindings, newest first: in a cluster, every node's. */
    Page<Binding> list(String accountId, RegistrationQuery query, PageRequest page);

    /**
     * The SIP addresses ({@code sip:HOST:PORT;transport=...}) of the other nodes of a cluster that
     * hold a binding of this login name, to pass a call on to; none on a single node.
     */
    default CompletableFuture<List<String>> otherNodesOf(String loginName) {
        return CompletableFuture.completedFuture(List.of());
    }

    /**
     * How many live bindings of this login name the other nodes of a cluster hold, for a limit that
     * counts them all; waits for Redis, at most its timeout, and counts none when it cannot be read.
     * Always none on a single node.
     */
    default int bindingsOnOtherNodes(String accountId, String loginName) {
        return 0;
    }

    /**
     * True while a node of a cluster lists only its own bindings, as the others' cannot be read now
     * (Redis cannot be reached); a single node lists everything.
     */
    default boolean listsThisNodeOnly() {
        return false;
    }

    /** Drops bindings whose time has passed; returns how many. */
    int purgeExpired();

    /** Live and not yet swept bindings. */
    int size();

    /** The login names with a binding held here, to check each again against the store. */
    List<String> loginNames();
}
