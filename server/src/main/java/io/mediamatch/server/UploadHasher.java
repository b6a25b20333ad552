package io.mediamatch.server;

import io.mediamatch.FileDigests;
import io.mediamatch.MediaException;
import io.mediamatch.image.ImageDecoder;
import io.mediamatch.match.MatchOptions;
import io.mediamatch.pdq.PdqHash;
import io.mediamatch.pdq.PdqHasher;
import io.mediamatch.store.SignalType;
import io.mediamatch.tmk.TmkHasher;
import io.mediamatch.video.VpdqHash;
import io.mediamatch.video.VpdqHasher;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hashes one uploaded or fetched file to the requested API signal types: PDQ from the decoded image (an empty
 * value below quality 50, as HMA answers), MD5 and SHA-256 of the bytes without decoding, vPDQ and TMK+PDQF from
 * the decoded video. The decode limits are those of the CLI. Thread-safe.
 */
final class UploadHasher {
    private final ImageDecoder decoder;
    private final VpdqHasher vpdq;
    private final ThreadLocal<PdqHasher> pdq = ThreadLocal.withInitial(PdqHasher::new);
    private final ThreadLocal<TmkHasher> tmk = ThreadLocal.withInitial(TmkHasher::new);

    UploadHasher(ImageDecoder decoder, VpdqHasher vpdq) {
        this.decoder = decoder;
        this.vpdq = vpdq;
    }

    /** The PDQ hash of a decoded image. */
    PdqHash pdq(BufferedImage image) {
        return pdq.get().hash(image);
    }

    /** PDQ hasher of this thread (for dihedral hashes). */
    PdqHasher pdqHasher() {
        return pdq.get();
    }

    /**
     * The values of the named types for {@code file}, in the order asked.
     * @throws MediaException naming the file and the cause when it cannot be decoded as the type needs
     */
    Map<String, String> hash(Path file, List<String> names) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        FileDigests digests = null;
        for (String name : names) {
            SignalType type = ApiTypes.storeType(name).orElseThrow();
            switch (type) {
                case PDQ -> {
                    PdqHash h = pdq.get().hash(file, decoder);
                    out.put(name, h.quality() < MatchOptions.DEFAULT_MIN_QUALITY ? "" : h.hash().toHex());
                }
                case MD5, SHA256 -> {
                    if (digests == null) {
                        digests = FileDigests.of(file);
                    }
                    out.put(name, type == SignalType.MD5 ? digests.md5() : digests.sha256());
                }
                case VPDQ -> out.put(name, vpdq.hash(file).toSignalJson());
                case TMK_PDQF -> out.put(name, Base64.getEncoder().encodeToString(tmk.get().hash(file).toBytes()));
                default -> throw new AssertionError(type);
            }
        }
        return out;
    }

    /**
     * The vPDQ signal value of every frame of an animated image (GIF, APNG, WebP), or null for a still image.
     *
     * @throws MediaException naming the file when the animation is damaged or above a limit
     */
    String animationVpdq(Path file) throws MediaException {
        VpdqHash h = vpdq.hashFrames(file);
        return h == null ? null : h.toSignalJson();
    }

    /** The image of an upload, decoded with the service's limits. */
    BufferedImage image(Path file) throws MediaException {
        return decoder.decode(file);
    }
}
