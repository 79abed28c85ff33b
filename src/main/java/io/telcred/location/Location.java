package io.telcred.location;

import java.util.List;

/**
 * Who is registered now. The registrar writes bindings; the API and the proxy read them. In memory
 * by default; a shared implementation lets several nodes see each other's registrations.
 */
public interface Location {

    /** Adds or refreshes a binding (same login name and contact). */
    void put(Binding binding);

    /** Removes one binding; true when there was one. */
    boolean remove(String loginName, String contact);

    /** Removes every binding of a login name (unregister all, or revocation). */
    void removeAll(String loginName);

    /** Removes every binding under a connection (the connection was deactivated or deleted). */
    void removeConnection(long connectionId);

    /** The live bindings of a login name, newest first. */
    List<Binding> bindings(String loginName);
}
