package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessesTest
{
    @Test
    void shouldReadUidAsIdDoes() throws IOException, InterruptedException
    {
        assertThat(Processes.currentUid()).isEqualTo(id("-u"));
    }

    @Test
    void shouldReadGidAsIdDoes() throws IOException, InterruptedException
    {
        assertThat(Processes.currentGid()).isEqualTo(id("-g"));
    }

    private static int id(final String option) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder("id", option).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("id %s printed %s", option, output).isZero();

        return Integer.parseUnsignedInt(output);
    }
}
