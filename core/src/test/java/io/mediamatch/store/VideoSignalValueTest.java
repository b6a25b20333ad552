package io.mediamatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mediamatch.fixtures.Fixtures;
import io.mediamatch.video.VpdqFeature;
import io.mediamatch.video.VpdqHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vpdq and tmk_pdqf values: one canonical form, validated on every path into the store. */
class VideoSignalValueTest {
    private static final Path VPDQ = Fixtures.reference("video/vpdq/one-per-second/chair-19-sd-bar.txt");
    private static final Path TMK = Fixtures.reference("video/tmk/chair-19-sd-bar.tmk");

    @Test
    void vpdqCanonicalFormIsTheReferenceText() throws Exception {
        String text = Files.readString(VPDQ);
        String canonical = SignalType.VPDQ.canonical(text);
        assertEquals(text.strip(), canonical);
        assertEquals(canonical, SignalType.VPDQ.canonical(canonical));
        // python-threatexchange's JSON list: converted to the text form, frames numbered by position.
        VpdqHash fromJson = VpdqHash.parse(SignalType.VPDQ.canonical(VpdqHash.read(VPDQ).toSignalJson()));
        List<VpdqFeature> ref = VpdqHash.read(VPDQ).frames();
        assertEquals(ref.size(), fromJson.size());
        for (int i = 0; i < ref.size(); i++) {
            assertEquals(ref.get(i).hash(), fromJson.frames().get(i).hash());
            assertEquals(ref.get(i).quality(), fromJson.frames().get(i).quality());
            assertEquals(i, fromJson.frames().get(i).frameNumber());
        }
        assertThrows(IllegalArgumentException.class, () -> SignalType.VPDQ.canonical("0,100,abc,0.000"));
    }

    @Test
    void tmkValuesAreCheckedAsTmkFiles() throws Exception {
        byte[] bytes = Files.readAllBytes(TMK);
        String b64 = Base64.getEncoder().encodeToString(bytes);
        assertEquals(b64, SignalType.TMK_PDQF.canonical(b64));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignalType.TMK_PDQF.canonical(Base64.getEncoder().encodeToString(cut)));
        assertTrue(e.getMessage().contains("tmk"), e.getMessage());
    }

    @Test
    void videoFileFormatsImportOneSignalPerFileAndReportBadFiles() throws Exception {
        Path dir = Fixtures.scratchDir("video-signal-import");
        Path bad = Files.write(dir.resolve("cut.tmk"), java.util.Arrays.copyOf(Files.readAllBytes(TMK), 100));
        try (SignalStore st = SignalStore.open(dir.resolve("db"))) {
            ImportResult r = st.importFiles(List.of(TMK, bad), SignalFormat.TMK, null, null);
            assertEquals(1, r.added());
            assertEquals(1, r.badRows());
            assertTrue(r.errors().get(0).toString().contains("cut.tmk"), r.errors().toString());
            ImportResult v = st.importFiles(List.of(VPDQ), SignalFormat.VPDQ, null, null);
            assertEquals(1, v.added());
            assertEquals(0, st.importFiles(List.of(VPDQ), SignalFormat.VPDQ, null, null).added(), "idempotent");
            Signal s = st.list(null, SignalType.VPDQ, null, 0, 10).get(0);
            assertEquals("chair-19-sd-bar.txt", s.externalId());
            assertThrows(ImportException.class,
                    () -> st.importFiles(List.of(bad), SignalFormat.TMK, ImportOptions.defaults().withStrict(true),
                            null));
        }
    }

    @Test
    void pytxExportsWriteVpdqAsPythonThreatexchangeReadsIt() throws Exception {
        Path dir = Fixtures.scratchDir("vpdq-pytx-export");
        List<VpdqFeature> ref = VpdqHash.read(VPDQ).frames();
        try (SignalStore st = SignalStore.open(dir.resolve("db"))) {
            st.importFiles(List.of(VPDQ), SignalFormat.VPDQ, ImportOptions.defaults().withBank("videos"), null);
            String csv = SignalStoreTest.export(st, SignalFormat.PYTX_CSV);
            CsvReader reader = new CsvReader(new java.io.ByteArrayInputStream(
                    csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            reader.next(); // header
            List<String> row = reader.next();
            assertEquals("vpdq", row.get(0));
            String file = SignalStoreTest.export(st, SignalFormat.PYTX_FILE).strip();
            assertTrue(file.startsWith("vpdq ["), file.substring(0, 20));
            for (String value : List.of(row.get(1), file.substring("vpdq ".length()))) {
                // python-threatexchange's form: a JSON list of "pdqHex,quality,timestamp" strings
                assertTrue(value.startsWith("[\"") && value.endsWith("\"]"), value.substring(0, 20));
                String[] items = new com.fasterxml.jackson.databind.ObjectMapper().readValue(value, String[].class);
                assertEquals(ref.size(), items.length);
                for (int k = 0; k < items.length; k++) {
                    String[] f = items[k].split(",");
                    assertEquals(ref.get(k).hash().toHex(), f[0]);
                    assertEquals(ref.get(k).quality(), Integer.parseInt(f[1]));
                    assertEquals(ref.get(k).timestampSeconds(), Double.parseDouble(f[2]), 1e-3);
                }
            }
            Path exported = Files.writeString(dir.resolve("export.csv"), csv);
            try (SignalStore again = SignalStore.open(dir.resolve("db2"))) {
                assertEquals(1, again.importFiles(List.of(exported), SignalFormat.PYTX_CSV, null, null).added());
                List<VpdqFeature> back =
                        VpdqHash.parse(again.list(null, SignalType.VPDQ, null, 0, 1).get(0).value()).frames();
                assertEquals(ref.stream().map(VpdqFeature::hash).toList(), back.stream().map(VpdqFeature::hash).toList());
            }
        }
    }
}
