package io.mediamatch.cli;

import io.mediamatch.pdq.DihedralHashes;
import io.mediamatch.pdq.Hash256;
import io.mediamatch.pdq.Orientation;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.video.VpdqFeature;
import io.mediamatch.video.VpdqHash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records {@code hash} prints, each ending in a line break: the reference tools' CSV lines, or with
 * {@code --json} one JSON Lines record per image, video or .tmk file. Immutable.
 */
record HashRecords(boolean json) {
    /** {@code hash,quality,path}, or {"path","pdq","quality"[,"view"]}; {@code view} null for the image as it is. */
    String image(String path, String view, PdqHash h) {
        return json ? jsonImage(path, h.hash(), h.quality(), null, view)
                : h.hash().toHex() + "," + h.quality() + "," + path + "\n";
    }

    /** Eight CSV lines (original first), or one record whose "dihedral" names all eight. */
    String dihedral(String path, String view, DihedralHashes d) {
        if (json) {
            Map<String, Object> named = new LinkedHashMap<>();
            for (Orientation o : Orientation.values()) {
                named.put(o.label(), d.get(o).toHex());
            }
            return jsonImage(path, d.get(Orientation.ORIGINAL), d.quality(), named, view);
        }
        StringBuilder sb = new StringBuilder();
        for (Hash256 h : d.all()) {
            sb.append(h.toHex()).append(',').append(d.quality()).append(',').append(path).append('\n');
        }
        return sb.toString();
    }

    /** One {@code frameNumber,quality,pdqHex,timestamp,path} line per frame, or {"path","frames","vpdq":[...]}. */
    String video(String path, VpdqHash h) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("frames", h.size());
            m.put("vpdq", h.frames().stream().map(VpdqFeature::toLine).toList());
            return JsonOut.hashLine(m);
        }
        StringBuilder sb = new StringBuilder(h.size() * 100);
        for (VpdqFeature f : h.frames()) {
            sb.append(f.toLine()).append(',').append(path).append('\n');
        }
        return sb.toString();
    }

    /** {@code tmkfile,frames,video}, or {"path","tmk","frames"} (hash --tmk). */
    String tmk(String video, String tmkFile, int frames) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", video);
            m.put("tmk", tmkFile);
            m.put("frames", frames);
            return JsonOut.hashLine(m);
        }
        return tmkFile + "," + frames + "," + video + "\n";
    }

    /** {"path","pdq","quality"}, then "dihedral" and "view" when given. */
    private static String jsonImage(String path, Hash256 hash, int quality, Map<String, Object> dihedral,
            String view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("pdq", hash.toHex());
        m.put("quality", quality);
        if (dihedral != null) {
            m.put("dihedral", dihedral);
        }
        if (view != null) {
            m.put("view", view);
        }
        return JsonOut.hashLine(m);
    }
}
