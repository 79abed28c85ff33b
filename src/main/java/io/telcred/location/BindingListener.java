package io.telcred.location;

/**
 * Told when a binding (a SIP registration or a WebRTC session) comes or goes; a refresh of a binding
 * that stays is neither, and is told apart to a listener that keeps a copy. Called under the
 * location's lock, on the thread that made the change (the SIP event loop among them): an
 * implementation hands the news on and returns, never waits.
 */
public interface BindingListener {

    /** Why a binding went, as webhooks name it. */
    enum Reason {
        /** The phone unregistered (Expires 0, or Contact *), or a WebRTC session ended. */
        UNREGISTERED,
        /** Its time passed without a refresh. */
        EXPIRED,
        /** The stream connection it registered over closed (RFC 5626). */
        FLOW_CLOSED,
        /** Its connection was deactivated or deleted. */
        CONNECTION_REMOVED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    BindingListener NONE = new BindingListener() {
        @Override
        public void added(Binding binding) {
        }

        @Override
        public void removed(Binding binding, Reason reason) {
        }
    };

    void added(Binding binding);

    void removed(Binding binding, Reason reason);

    /** The binding of the same key now lasts longer, or moved to another contact or flow. */
    default void refreshed(Binding binding) {
    }

    /** Both listeners, in this order. */
    static BindingListener both(BindingListener first, BindingListener second) {
        return new BindingListener() {
            @Override
            public void added(Binding binding) {
                first.added(binding);
                second.added(binding);
            }

            @Override
            public void removed(Binding binding, Reason reason) {
                first.removed(binding, reason);
                second.removed(binding, reason);
            }

            @Override
            public void refreshed(Binding binding) {
                first.refreshed(binding);
                second.refreshed(binding);
            }
        };
    }
}
