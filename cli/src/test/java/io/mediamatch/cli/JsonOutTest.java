package io.mediamatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonOutTest {
    /** How hash --json quoted strings before it wrote through {@link JsonOut}: the bytes it must keep. */
    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    @Test
    void hashLinesQuoteEveryCharacterAsHashAlwaysDid() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            all.append(c);
        }
        all.append("\u2028/\uD83D\uDE00 é");
        String path = all.toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("frames", 5);
        m.put("vpdq", List.of("0,100,ab,0.000", "1,99,cd,1.000"));
        assertEquals("{\"path\":" + quoted(path) + ",\"frames\":5,\"vpdq\":[\"0,100,ab,0.000\",\"1,99,cd,1.000\"]}\n",
                JsonOut.hashLine(m));
    }

    @Test
    void linesAreJacksonsCompactForm() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "scan range d<=31");
        m.put("n", 3000);
        m.put("queries_per_s", 1234.5);
        m.put("found", 7L);
        m.put("pct", 12.5f);
        m.put("none", null);
        assertEquals("{\"method\":\"scan range d<=31\",\"n\":3000,\"queries_per_s\":1234.5,\"found\":7,\"pct\":12.5,"
                + "\"none\":null}", JsonOut.line(m));
        assertEquals("{\n  \"a\" : [ 1, 2 ]\n}", JsonOut.pretty(Map.of("a", List.of(1, 2))));
    }
}
