package io.mediamatch.stream;

import io.mediamatch.match.MatchJson;
import io.mediamatch.match.MatchResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The output records, one per upload: {@code mediamatch match --json}'s shape ({@link MatchJson}) led by the
 * upload's {@code id} (matched or not), or {@code {"id", "error"}} naming why the upload could not be checked.
 */
public final class MatchRecords {
    private MatchRecords() {
    }

    /** The match record of {@code upload}. */
    public static String matched(Upload upload, MatchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", upload.id());
        String file = upload.path() != null ? upload.path() : upload.uri();
        if (file != null) {
            m.put("file", file);
        }
        return Json.write(MatchJson.put(m, r));
    }

    /** The error record of an upload: {@code id} may be null when the record had none; {@code cause} is one line. */
    public static String error(String id, String cause) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("error", cause);
        return Json.write(m);
    }
}
