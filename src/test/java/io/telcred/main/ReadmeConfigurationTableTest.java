package io.telcred.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.common.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every setting with its real default and its description, and nothing else. */
class ReadmeConfigurationTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(TELCRED_[A-Z0-9_]+)` \\| ([^|]+) \\| (.+) \\|$", Pattern.MULTILINE);

    @Test
    void tableMatchesTheSettings() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> documented = new ArrayList<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            documented.add(row.group(0));
        }
        assertThat(documented).containsExactlyElementsOf(Settings.ALL.stream().map(ReadmeConfigurationTableTest::row).toList());
    }

    @Test
    void everyDefaultIsAValueItsSettingTakes() {
        for (Setting<?> setting : Settings.ALL) {
            assertThat(setting.defaultValue()).as(setting.name()).isNotNull();
        }
    }

    /** The README row of a setting, as the table writes it. */
    static String row(Setting<?> setting) {
        String value = setting.defaultText().isEmpty() ? "(unset)" : "`" + setting.defaultText() + "`";
        return "| `" + setting.name() + "` | " + value + " | " + setting.description() + " |";
    }
}
