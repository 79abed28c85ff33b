package io.telcred.portal;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;

/**
 * The portal door's own limits.
 *
 * @param streamsPerUser live registration streams one user may hold open at once: each holds a
 *                       connection of the HTTP server and a look at the location every second, so a
 *                       user (or a script with their cookie) must not open them without end
 */
public record PortalSettings(int streamsPerUser) {

    public static final Setting<Integer> STREAMS_PER_USER = Setting.integer("TELCRED_PORTAL_STREAMS_PER_USER", 5, 1, 1_000,
            "live registration pages one portal user may hold open at once; one more is refused with a message");

    public static PortalSettings from(SettingValues values) {
        return new PortalSettings(values.get(STREAMS_PER_USER));
    }
}
