package dev.orbit.testsupport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a test's blocking side task on a thread of its own. The common pool that {@code CompletableFuture}'s
 * default async methods use has a single worker on a 2-CPU machine (and since JDK 25 is used even then), so two
 * blocking tasks given to it run one after the other: a task that waits for the second one never sees it start.
 * Each task here gets a new daemon thread, so tasks that block never wait for each other.
 */
public final class Background {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Starts every task on a new daemon thread named {@code background-N}. */
    public static final Executor THREAD_PER_TASK = (task) -> {
        final Thread thread = new Thread(task, "background-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    };

    private Background() {
    }

    /**
     * @param task what to run.
     * @param <T>  the result's type.
     * @return the task's result, completed on the task's own thread.
     */
    public static <T> CompletableFuture<T> supply(final Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, THREAD_PER_TASK);
    }

    /**
     * @param task what to run.
     * @return completed when the task returns, on the task's own thread.
     */
    public static CompletableFuture<Void> run(final Runnable task) {
        return CompletableFuture.runAsync(task, THREAD_PER_TASK);
    }

}
