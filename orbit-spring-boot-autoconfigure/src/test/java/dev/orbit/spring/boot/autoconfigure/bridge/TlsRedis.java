package dev.orbit.spring.boot.autoconfigure.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.orbit.testsupport.Await;

import org.springframework.util.FileSystemUtils;

/**
 * A local {@code redis-server} that speaks only TLS, on a free loopback port, with a certificate made for the test
 * (self-signed, for {@code 127.0.0.1}; the JVM's trust store does not know it): a client trusts it only through
 * the trust material it is given. The certificate and key come from the JDK's {@code keytool}, so nothing beyond
 * the JDK and Debian's {@code redis-server} (built with TLS) is needed.
 */
final class TlsRedis implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private static final String PASSWORD = "orbit-test";

    private final Path directory;

    private final int port;

    private final Process process;

    private TlsRedis(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    static TlsRedis start() {
        Path binary = Path.of("/usr/bin/redis-server");
        for (String dir : String.valueOf(System.getenv("PATH")).split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                binary = Path.of(dir, "redis-server");
                break;
            }
        }
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no redis-server found (PATH=" + System.getenv("PATH")
                    + "). Install Redis: apt-get install -y redis-server (CI's .ci/run does)");
        }
        try {
            Path directory = Files.createTempDirectory("orbit-tls-redis-");
            writeCertificateAndKey(directory);
            int port = freePort();
            Process process = new ProcessBuilder(List.of(binary.toString(), "--port", "0", "--tls-port",
                    Integer.toString(port), "--bind", HOST, "--tls-cert-file", certificate(directory).toString(),
                    "--tls-key-file", directory.resolve("redis.key").toString(), "--tls-ca-cert-file",
                    certificate(directory).toString(), "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
                    "--dir", directory.toString(), "--logfile", directory.resolve("redis.log").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            TlsRedis redis = new TlsRedis(directory, port, process);
            Await.until(Duration.ofSeconds(20), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited at start (TLS): exitValue="
                            + process.exitValue() + ", log=" + redis.log());
                }
                return redis.accepts();
            }, "the TLS redis-server on port " + port + " to accept connections");
            return redis;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String host() {
        return HOST;
    }

    int port() {
        return this.port;
    }

    /**
     * @return the server's certificate (PEM), the one trust anchor a client needs.
     */
    Path certificate() {
        return certificate(this.directory);
    }

    private static Path certificate(Path directory) {
        return directory.resolve("redis.crt");
    }

    private String log() {
        try {
            return Files.readString(this.directory.resolve("redis.log"));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, this.port), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * A self-signed EC key pair for 127.0.0.1 made by keytool, written as PEM files redis-server reads.
     */
    private static void writeCertificateAndKey(Path directory) throws IOException {
        Path keyStore = directory.resolve("redis.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process keytoolRun = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "redis",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=orbit-test-redis", "-ext",
                "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
            .redirectErrorStream(true)
            .start();
        try {
            String output = new String(keytoolRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytoolRun.waitFor(60, TimeUnit.SECONDS) || keytoolRun.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make the test certificate: " + output);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", ex);
        }
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Certificate certificate = store.getCertificate("redis");
            PrivateKey key = (PrivateKey) store.getKey("redis", PASSWORD.toCharArray());
            Files.writeString(certificate(directory), pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(directory.resolve("redis.key"), pem("PRIVATE KEY", key.getEncoded()));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot read the test certificate back from " + keyStore, ex);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        this.process.destroyForcibly();
        try {
            this.process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        FileSystemUtils.deleteRecursively(this.directory.toFile());
    }

}
