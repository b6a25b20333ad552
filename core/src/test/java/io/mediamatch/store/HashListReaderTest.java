package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashListReaderTest {
    private static final String H = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static List<HashListReader.Entry> read(String text) throws IOException {
        HashListReader r = new HashListReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<HashListReader.Entry> out = new ArrayList<>();
        for (HashListReader.Entry e = r.next(); e != null; e = r.next()) {
            out.add(e);
        }
        return out;
    }

    @Test
    void readsTheThreeLineShapesAndSkipsBlankLinesAndComments() throws IOException {
        List<HashListReader.Entry> es = read("\uFEFF# header\n\n  " + H + "  \r\n" + H + ", case-7,seen 2026\n"
                + H + " , 87 , a,b.jpg\n  # indented comment\nnot-a-hash,x\n");
        assertEquals(4, es.size());
        HashListReader.Entry plain = es.get(0);
        assertEquals(3, plain.line());
        assertEquals(H, plain.hash());
        assertEquals("", plain.metadata());
        assertFalse(plain.hasQuality());
        assertEquals("", plain.name());
        HashListReader.Entry meta = es.get(1);
        assertEquals("case-7,seen 2026", meta.metadata());
        assertEquals("case-7,seen 2026", meta.name(), "a second field that is no number is metadata");
        assertFalse(meta.hasQuality());
        HashListReader.Entry q = es.get(2);
        assertEquals(5, q.line());
        assertEquals(H, q.hash());
        assertEquals(87, q.quality());
        assertEquals("a,b.jpg", q.name());
        assertEquals("87 , a,b.jpg", q.metadata(), "the metadata is kept whole");
        HashListReader.Entry bad = es.get(3);
        assertEquals(7, bad.line());
        assertEquals("not-a-hash", bad.hash(), "the hash is the caller's to check");
        assertNull(bad.error());
    }

    @Test
    void qualityIsAnIntegerOfAnySignOnlyWithThreeFields() throws IOException {
        List<HashListReader.Entry> es = read(H + ",101,x\n" + H + ",-3,x\n" + H + ",50\n" + H + ",1234567890,x\n"
                + H + ",5,\n" + H + ",-,x\n");
        assertEquals(101, es.get(0).quality());
        assertEquals(-3, es.get(1).quality());
        assertFalse(es.get(2).hasQuality(), "two fields: metadata");
        assertEquals("50", es.get(2).name());
        assertFalse(es.get(3).hasQuality(), "more than 9 digits is metadata");
        assertEquals(5, es.get(4).quality());
        assertEquals("", es.get(4).name());
        assertFalse(es.get(5).hasQuality());
    }

    @Test
    void anOverlongLineIsAnErrorWithItsNumberAndReadingGoesOn() throws IOException {
        StringBuilder sb = new StringBuilder(H).append('\n');
        sb.append("x".repeat(LineReader.MAX_LINE + 1)).append('\n').append(H).append('\n');
        List<HashListReader.Entry> es = read(sb.toString());
        assertEquals(3, es.size());
        assertEquals(2, es.get(1).line());
        assertTrue(es.get(1).error().startsWith("line longer than"), es.get(1).error());
        assertEquals("", es.get(1).hash());
        assertEquals(H, es.get(2).hash());
        assertEquals(3, es.get(2).line());
    }
}
