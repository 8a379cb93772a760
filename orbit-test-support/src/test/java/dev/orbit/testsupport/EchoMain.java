package dev.orbit.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child for the launcher's tests: prints {@code READY}, then answers each line of stdin: {@code echo X} prints
 * {@code X}, {@code err X} prints {@code X} on stderr, {@code exit N} exits with N; the end of stdin exits with 0.
 */
public final class EchoMain {

    private EchoMain() {
    }

    public static void main(final String[] args) throws IOException {
        System.out.println("READY " + String.join(" ", args));
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("echo ")) {
                    System.out.println(line.substring(5));
                    System.out.flush();
                }
                else if (line.startsWith("err ")) {
                    System.err.println(line.substring(4));
                    System.err.flush();
                }
                else if (line.startsWith("exit ")) {
                    System.exit(Integer.parseInt(line.substring(5)));
                }
            }
        }
    }
}
