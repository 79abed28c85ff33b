package io.telcred.common;

import java.util.Locale;

/**
 * Login names across the installation: an on-demand credential's is generated and begins with
 * {@value #ON_DEMAND_PREFIX}; a connection's own may not, so the two kinds never collide and a
 * name alone says which table holds it.
 */
public final class LoginNames {

    public static final String ON_DEMAND_PREFIX = "gencred";

    private LoginNames() {
    }

    /** Whether the name has the on-demand prefix, as generated (exact case). */
    public static boolean isOnDemand(String loginName) {
        return loginName.startsWith(ON_DEMAND_PREFIX);
    }

    /** Whether a name chosen for a connection would pass for an on-demand one, in any case. */
    public static boolean reservedForOnDemand(String userName) {
        return userName.toLowerCase(Locale.ROOT).startsWith(ON_DEMAND_PREFIX);
    }
}
