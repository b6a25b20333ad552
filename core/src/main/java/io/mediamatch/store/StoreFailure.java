package io.mediamatch.store;

import java.sql.SQLException;

/** Carries an SQLException through a codec's read loop (codecs only throw IOException); the pool unwraps it. */
final class StoreFailure extends RuntimeException {
    StoreFailure(SQLException e) {
        super(e);
    }
}
