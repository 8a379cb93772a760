package dev.orbit.spring.aot;

import java.util.Optional;

import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.listener.OrbitMessage;
import dev.orbit.spring.listener.SendTo;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring's AOT processing records for an application with Orbit, as {@code process-aot} runs it: listener and
 * claimed methods invocable, payload types bindable, record cache keys readable, cached values bindable.
 */
class OrbitRuntimeHintsTests {

    private final RuntimeHints hints = processAheadOfTime(NoteListener.class, ReportJob.class, QuoteService.class);

    @Test
    void shouldMakeListenerMethodsReachableAndTheirPayloadsBindable() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NoteListener.class, "onNote"))
            .accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NoteListener.class, "onRaw"))
            .accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Note.class)).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Note.class, "text")).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NoteListener.class, "acknowledge"))
            .accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Receipt.class, "noteText"))
            .as("a @SendTo method's return type is written as JSON")
            .accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NoteListener.class, "helper"))
            .as("methods that are not listeners stay out").rejects(this.hints);
    }

    @Test
    void shouldMakeClaimedMethodsInvocableAndTheirArgumentsReadableBySubjectExpressions() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ReportJob.class, "rebuild"))
            .accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Region.class)
            .withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(this.hints);
    }

    @Test
    void shouldMakeRecordKeysReadableAndCachedValuesBindable() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Isbn.class, "code")).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Isbn.class, "edition")).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Quote.class)).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Quote.class, "price")).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Evicted.class)).as("keys of @CacheEvict too")
            .accepts(this.hints);
    }

    private static RuntimeHints processAheadOfTime(Class<?>... beans) {
        GenericApplicationContext context = new GenericApplicationContext();
        for (Class<?> bean : beans) {
            context.registerBean(bean);
        }
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(OrbitRuntimeHintsTests.class.getPackageName(), "TestApp")),
                new InMemoryGeneratedFiles());
        new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        return generation.getRuntimeHints();
    }

    public record Note(String text, long at) {
    }

    public record Region(String code) {
    }

    public record Receipt(String noteText) {
    }

    public record Isbn(String code, int edition) {
    }

    public record Evicted(String code) {
    }

    public record Quote(String symbol, double price) {
    }

    public static class NoteListener {

        @OrbitListener(topics = "notes")
        public void onNote(Note note) {
        }

        @OrbitListener(topics = "raw")
        public void onRaw(OrbitMessage message) {
        }

        @OrbitListener(topics = "notes.acknowledge")
        @SendTo("notes.acknowledged")
        public Receipt acknowledge(Note note) {
            return new Receipt(note.text());
        }

        public void helper() {
        }

    }

    public static class ReportJob {

        @Claimed("rebuild-#{#region.code}")
        public Optional<String> rebuild(Region region) {
            return Optional.of(region.code());
        }

    }

    public static class QuoteService {

        @Cacheable("quotes")
        public Quote quote(Isbn isbn) {
            return new Quote(isbn.code(), 1.0);
        }

        @CacheEvict("quotes")
        public void evict(Evicted key) {
        }

    }

}
