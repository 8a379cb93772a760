package dev.orbit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script of the bridge: its text (the shared prologue of counters plus the script's own file) and its SHA-1,
 * run with EVALSHA and loaded again with EVAL when Redis answers NOSCRIPT (after a restart).
 *
 * @param name   file name without {@code .lua}.
 * @param text   the full text sent to Redis.
 * @param digest its SHA-1 in hex.
 */
record Script(String name, String text, String digest) {

    static final Script FORWARD = load("forward");
    static final Script CACHE_GET = load("cache-get");
    static final Script CACHE_WRITE = load("cache-write");
    static final Script CACHE_CLEAR = load("cache-clear");
    static final Script CACHE_VERSION = load("cache-version");
    static final Script CLAIM = load("claim");
    static final Script CLAIM_RENEW = load("claim-renew");
    static final Script CLAIM_RELEASE = load("claim-release");
    static final Script HOST_REPORT = load("host-report");

    private static Script load(final String name) {
        final String text = read("ensure-version") + "\n" + read(name);
        try {
            final byte[] sha = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Script(name, text, HexFormat.of().formatHex(sha));
        }
        catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 unavailable", ex);
        }
    }

    private static String read(final String name) {
        try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("script resource missing: " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
