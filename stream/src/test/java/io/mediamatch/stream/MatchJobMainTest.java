package io.mediamatch.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The job jar's entry point ({@code flink run}) says how it is called without a cluster. */
class MatchJobMainTest {
    @Test
    void helpPrintsTheOptionsSharedWithStreamRun() throws Exception {
        PrintStream was = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            MatchJob.main(new String[] {"--help"});
        } finally {
            System.setOut(was);
        }
        String usage = buf.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--bootstrap", "--uploads", "--signals", "--matches", "--parallelism",
            "--checkpoint-dir", "--checkpoint-interval"}) {
            assertTrue(usage.contains(option), option + " in: " + usage);
        }
    }
}
