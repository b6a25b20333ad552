package io.mediamatch.exchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the client tests do with a client: one fetch's pages, and their updates in order. */
final class Fetches {
    private Fetches() {}

    /** Every page one fetch after {@code checkpoint} hands over, in order. */
    static List<ExchangePage> fetch(ExchangeClient c, String checkpoint) throws IOException {
        List<ExchangePage> pages = new ArrayList<>();
        c.fetch(checkpoint, pages::add);
        return pages;
    }

    /** The pages' updates, in order. */
    static List<ExchangeUpdate> updates(List<ExchangePage> pages) {
        List<ExchangeUpdate> all = new ArrayList<>();
        pages.forEach(p -> all.addAll(p.updates()));
        return all;
    }
}
