package io.telcred.common;

/** Where settings' values come from: the configuration, or every setting's default. */
public interface SettingValues {

    /** Every setting at its default. */
    SettingValues DEFAULTS = new SettingValues() {
        @Override
        public <T> T get(Setting<T> setting) {
            return setting.defaultValue();
        }
    };

    /** The setting's value; a value that is refused stops with an error naming the setting. */
    <T> T get(Setting<T> setting);
}
