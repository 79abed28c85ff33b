package io.telcred.call;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;

/** How long a call may ring. */
public record CallSettings(Duration noAnswerTimeout, int maxCalls) {

    public static final Setting<Duration> NO_ANSWER_TIMEOUT = Setting.seconds("TELCRED_CALL_NO_ANSWER_SECONDS", 60, 5, 600,
            "how long a call rings before it ends with NO_ANSWER (19)");
    public static final Setting<Integer> MAX_CALLS = Setting.integer("TELCRED_CALL_MAX_CALLS", 10_000, 1, 10_000_000,
            "calls in progress at once on this node; a new call beyond it ends at once with NORMAL_TEMPORARY_FAILURE (41)");

    public static CallSettings from(SettingValues values) {
        return new CallSettings(values.get(NO_ANSWER_TIMEOUT), values.get(MAX_CALLS));
    }
}
