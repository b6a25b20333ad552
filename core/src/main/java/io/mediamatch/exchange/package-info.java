/**
 * Keeping banks current from hash exchanges: an exchange ({@link io.mediamatch.exchange.ExchangeConfig}) fills
 * the bank of its name through its API's {@link io.mediamatch.exchange.ExchangeClient}, page by page, each page
 * of {@link io.mediamatch.exchange.ExchangeUpdate}s applied together with its checkpoint. HTTP goes through
 * {@link io.mediamatch.exchange.ExchangeHttp} (timeouts, bounded retries); credentials are found as pytx finds them
 * ({@link io.mediamatch.exchange.Credentials}). API types are found by name in
 * {@link io.mediamatch.exchange.ExchangeApis}; {@link io.mediamatch.exchange.ExchangeFetcher} runs one fetch of one
 * exchange into the store ({@link io.mediamatch.store.SignalStore#exchanges()}), recording its
 * {@link io.mediamatch.exchange.ExchangeStatus}. Clients are thread-safe; one fetch per exchange at a time.
 */
package io.mediamatch.exchange;
