package dev.orbit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's public API is what the README lists: every public top-level type outside {@code dev.orbit.internal}
 * is in the README's table, and every type there exists and is public.
 */
class PublicApiTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(dev\\.orbit\\.[a-z.]+)` \\| (.+) \\|$");

    private static final Pattern TYPE = Pattern.compile("`(\\w+)`");

    @Test
    void shouldPublishExactlyTheTypesTheReadmeLists() throws IOException {
        final Set<String> published = new TreeSet<>();
        for (final JavaClass type : new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.orbit")) {
            if (type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC) &&
                !type.getPackageName().startsWith("dev.orbit.internal")) {
                published.add(type.getName());
            }
        }

        assertThat(published).as("public types outside dev.orbit.internal (README: 'The core's public API')")
            .isNotEmpty()
            .containsExactlyInAnyOrderElementsOf(listed());
    }

    private static Set<String> listed() throws IOException {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final String table = readme.substring(readme.indexOf("<!-- public-api:begin -->"),
            readme.indexOf("<!-- public-api:end -->"));
        final Set<String> listed = new TreeSet<>();
        for (final String line : table.split("\n")) {
            final Matcher row = ROW.matcher(line);
            if (row.matches()) {
                final Matcher type = TYPE.matcher(row.group(2));
                while (type.find()) {
                    listed.add(row.group(1) + "." + type.group(1));
                }
            }
        }
        return listed;
    }
}
