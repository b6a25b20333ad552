package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class OptionsBundleTest {
    /** A renamed command or option would silently fall back to the mixin's wording: every key must still bind. */
    @Test
    void everyKeyNamesACommandsOptionAndIsItsHelpText() {
        ResourceBundle bundle = ResourceBundle.getBundle("io.mediamatch.cli.Options");
        int keys = 0;
        for (String key : bundle.keySet()) {
            String[] path = key.split("\\.");
            CommandLine cl = Main.commandLine();
            assertEquals("mediamatch", path[0], key);
            for (int i = 1; i < path.length - 1; i++) {
                cl = cl.getSubcommands().get(path[i]);
                assertNotNull(cl, key + ": no command " + path[i]);
            }
            OptionSpec option = cl.getCommandSpec().findOption("--" + path[path.length - 1]);
            assertNotNull(option, key + ": no option");
            String want = bundle.getString(key).replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
            assertEquals(want, String.join(" ", option.description()), key);
            keys++;
        }
        assertEquals(11, keys);
    }

    /** Every command's help renders without picocli's format warnings (a bare '%' in a description). */
    @Test
    void everyHelpTextFormats() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            render(Main.commandLine());
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    private static void render(CommandLine cl) {
        assertNotNull(cl.getUsageMessage());
        cl.getSubcommands().values().forEach(OptionsBundleTest::render);
    }
}
