package io.telcred.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every setting with its real default, and nothing else. */
class ReadmeConfigurationTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(TELCRED_[A-Z0-9_]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void tableMatchesTheSettings() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            documented.put(row.group(1), row.group(2).trim());
        }
        assertThat(documented.keySet()).containsExactlyElementsOf(Config.DEFAULTS.keySet());
        Config.DEFAULTS.forEach((key, value) -> assertThat(documented.get(key)).as(key)
                .isEqualTo(value.isEmpty() ? "(unset)" : "`" + value + "`"));
    }
}
