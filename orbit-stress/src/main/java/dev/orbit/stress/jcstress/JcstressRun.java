package dev.orbit.stress.jcstress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.TestGrading;

/**
 * Runs jcstress, grades every result again and exits non-zero when a test failed, errored, or no test ran
 * (jcstress 0.16 exits 0 when nothing matched, and reports failures only as an exception trace). Takes jcstress's own arguments; the binary results are kept as
 * {@code <-r dir>/jcstress-results.bin.gz} (re-read with jcstress's {@code -p}).
 * <pre>
 *   java -cp &lt;orbit-stress classpath&gt; dev.orbit.stress.jcstress.JcstressRun -t dev.orbit.stress.jcstress -m quick
 * </pre>
 */
public final class JcstressRun {

    private JcstressRun() {
    }

    /**
     * @param args jcstress arguments.
     * @throws Exception when jcstress cannot run.
     */
    public static void main(final String[] args) throws Exception {
        final Options options = new Options(args);
        if (!options.parse()) {
            System.exit(1);
        }
        AssertionError failed = null;
        try {
            new JCStress(options).run();
        }
        catch (final AssertionError ex) {
            failed = ex; // jcstress 0.16 throws after printing its report when a test failed
        }
        final Path resultFile = Path.of(options.getResultFile());
        final Path kept = Path.of(options.getResultDest()).resolve("jcstress-results.bin.gz");

        if (!Files.isRegularFile(resultFile)) {
            System.out.println("orbit jcstress: no results (no test matched or jcstress failed to start): " + resultFile);
            System.exit(1);
        }
        final InProcessCollector collector = new InProcessCollector();
        final DiskReadCollector reader = new DiskReadCollector(resultFile.toString(), collector);
        reader.dump();
        reader.close();
        Files.createDirectories(kept.getParent());
        Files.move(resultFile, kept, StandardCopyOption.REPLACE_EXISTING);
        final Collection<TestResult> results = collector.getTestResults();
        final List<String> failures = new ArrayList<>();
        long samples = 0;
        for (final TestResult result : results) {
            samples += result.getTotalCount();
            if (result.status() != Status.NORMAL) {
                failures.add(result.getName() + ": status=" + result.status() + " " + result.getMessages());
                continue;
            }
            final TestGrading grading = TestGrading.grade(result);
            if (!grading.isPassed) {
                failures.add(result.getName() + ": " + grading.failureMessages);
            }
        }
        System.out.println("orbit jcstress: configurations=" + results.size() + ", samples=" + samples +
            ", failures=" + failures.size());
        failures.forEach(f -> System.out.println("  FAILED " + f));
        if (failed != null && failures.isEmpty()) {
            failures.add(failed.getMessage());
        }
        if (results.isEmpty() || !failures.isEmpty()) {
            System.exit(1);
        }
        System.exit(0);
    }
}
