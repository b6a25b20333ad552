package io.mediamatch.match;

import java.util.List;

/**
 * What matching one media found.
 *
 * @param media      the file name, or a description of the hash given
 * @param hashes     the hashes computed from it (dropped ones flagged)
 * @param matches    matches in positive banks, best first; empty when a negative bank matched
 * @param negative   matches in negative banks (known benign media)
 * @param suppressed positive matches dropped because a negative bank matched
 * @param notes      what was not done and why (low quality, not an image...)
 * @param undecodable the media is an image or video that could not be decoded (truncated, corrupt, too large, a
 *                   format not read), so no perceptual hash was computed and only MD5/SHA-256 were checked: "not
 *                   matched" then means "not checked" for PDQ or vPDQ. False for files that are not media at all.
 */
public record MatchResult(String media, List<QueryHash> hashes, List<Match> matches, List<Match> negative,
                          List<Match> suppressed, List<String> notes, boolean undecodable) {
    public MatchResult {
        hashes = List.copyOf(hashes);
        matches = List.copyOf(matches);
        negative = List.copyOf(negative);
        suppressed = List.copyOf(suppressed);
        notes = List.copyOf(notes);
    }

    /** True when at least one positive bank matched (and no negative bank did). */
    public boolean matched() {
        return !matches.isEmpty();
    }
}
