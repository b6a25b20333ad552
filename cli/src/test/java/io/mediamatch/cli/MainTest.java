package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void aRunNamingASubcommandBuildsOnlyThatOne() {
        assertEquals(Set.of("hash"), Main.commandLine("hash").getSubcommands().keySet());
        assertEquals(Set.of("db"), Main.commandLine("db").getSubcommands().keySet());
    }

    @Test
    void helpNoArgumentsOrAnUnknownWordBuildEverySubcommand() {
        for (String first : new String[] {null, "help", "--help", "hsh"}) {
            Set<String> names = Main.commandLine(first).getSubcommands().keySet();
            assertTrue(names.containsAll(Set.of("help", "hash", "db", "match", "eval", "serve", "stream")),
                    first + ": " + names);
        }
    }

    @Test
    void aMistypedSubcommandIsAUsageErrorThatSuggestsTheRightOne() {
        CommandLine cl = Main.commandLine("hsh");
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("hsh"));
        assertTrue(err.toString().contains("mediamatch hash"), err.toString());
    }
}
