package dev.orbit.internal.wake;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import dev.orbit.ring.RingDescriptor;
import dev.orbit.internal.ring.WakeTransport;
import dev.orbit.shm.AccessMode;

/**
 * Nudges between the processes of a fleet over Unix-domain stream sockets (JDK 16+, no native code): each process
 * listens on a socket file of its own in the fleet directory ({@code orbit-{fleet}-wake-{node}-{uid}.sock}), and a
 * publisher keeps one connection per node it has nudged, writing one byte, the ring's kind, per nudge.
 * <p>
 * <b>A publisher never blocks on a nudge.</b> Its connection is non-blocking: a write that finds the socket full
 * returns at once (the receiver has unread nudges, so it is awake or about to be). Once a node's connection exists
 * a nudge allocates nothing: a one-byte direct buffer per thread, the JDK's non-blocking write. Connecting is done on
 * the first nudge of a node, also without blocking; a node that cannot be reached (gone, its socket removed, not a
 * socket, another owner) is retried at most every {@value #RETRY_MILLIS} ms, and its sleepers wake at their safety
 * timeout. A connection whose peer died is replaced by a new one to the same path (the node's next holder) at once.
 * An interrupted publishing thread keeps its interrupt; the nudge is written with the flag cleared, because an
 * interrupted thread's channel operation would close the connection.
 * <p>
 * <b>Receiving</b> ({@link #receive}) selects over the listening socket and every accepted connection, one thread at
 * a time; a connection that ends is dropped. Datagrams would need no connections, but the JDK offers Unix-domain
 * sockets for streams only ({@code DatagramChannel.open(UNIX)} is unsupported on JDK 17 and 25).
 * <p>
 * <b>Files.</b> The socket file gets the fleet's access mode ({@code 0600} by default, so only the owner can
 * connect). A stale socket file of a previous holder of the node id is replaced at open; anything else at that path
 * (a regular file, a symbolic link, a directory) is refused. A peer's socket file is connected to only when it is a
 * socket and, in {@link AccessMode#OWNER} mode, belongs to the expected uid. {@link #close()} removes the file.
 */
public final class UnixWakeTransport implements WakeTransport {

    /** Least time between two connection attempts to a node that could not be reached. */
    public static final long RETRY_MILLIS = 100;

    /** Longest Unix-domain socket path on Linux ({@code sun_path} holds 108 bytes with the terminating zero). */
    public static final int MAX_PATH_LENGTH = 107;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int BACKLOG = 256;
    private static final int READ_CHUNK = 256;

    private final Path path;
    private final IntFunction<Path> peerPaths;
    private final AccessMode mode;
    private final int expectedUid;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ByteBuffer received = ByteBuffer.allocateDirect(READ_CHUNK);
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final Peer[] peers = new Peer[RingDescriptor.SLEEPING_NODES];
    private final ThreadLocal<ByteBuffer> nudges = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1));
    private NudgeSink sink;
    private int count;
    private volatile boolean closed;

    private UnixWakeTransport(
        final Path path, final IntFunction<Path> peerPaths, final AccessMode mode, final int expectedUid,
        final ServerSocketChannel server, final Selector selector) {
        this.path = path;
        this.peerPaths = peerPaths;
        this.mode = mode;
        this.expectedUid = expectedUid;
        this.server = server;
        this.selector = selector;
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new Peer(i);
        }
    }

    /**
     * Listens on a socket file.
     *
     * @param path        this node's socket file; a stale socket there is replaced.
     * @param peerPaths   the socket file of each node id.
     * @param mode        the fleet's access mode: the socket file's permissions, and whose peers are trusted.
     * @param expectedUid the uid peer sockets must belong to in {@link AccessMode#OWNER} mode.
     * @return the transport.
     * @throws IOException when the path is too long, holds something other than a socket, or cannot be bound.
     */
    public static UnixWakeTransport open(
        final Path path, final IntFunction<Path> peerPaths, final AccessMode mode, final int expectedUid)
        throws IOException {
        Objects.requireNonNull(peerPaths, "peerPaths");
        Objects.requireNonNull(mode, "mode");
        final int length = path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_LENGTH) {
            throw new IOException("wake socket path too long: path=" + path + ", length=" + length + ", max=" +
                MAX_PATH_LENGTH + " (use a shorter fleet directory or fleet name)");
        }
        removeStale(path, mode, expectedUid);
        final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            server.bind(UnixDomainSocketAddress.of(path), BACKLOG);
            Files.setPosixFilePermissions(path, mode.permissions());
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new UnixWakeTransport(path, peerPaths, mode, expectedUid, server, selector);
        }
        catch (final IOException | RuntimeException ex) {
            closeQuietly(server);
            closeQuietly(selector);
            Files.deleteIfExists(path);
            throw ex;
        }
    }

    /**
     * @return this node's socket file.
     */
    public Path path() {
        return path;
    }

    private static void removeStale(final Path path, final AccessMode mode, final int expectedUid) throws IOException {
        final Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException absent) {
            return;
        }
        final int fileMode = (Integer)attributes.get("mode");
        final int uid = (Integer)attributes.get("uid");
        if ((fileMode & S_IFMT) != S_IFSOCK) {
            throw new IOException("refusing wake socket path: path=" + path + " holds something other than a socket " +
                "(mode=" + Integer.toOctalString(fileMode) + "); remove it");
        }
        if (mode == AccessMode.OWNER && uid != expectedUid) {
            throw new IOException("refusing wake socket path: path=" + path + " belongs to uid=" + uid +
                ", expected uid=" + expectedUid);
        }
        Files.deleteIfExists(path);
    }

    // ---- publishers ---------------------------------------------------------------------------------------

    @Override
    public boolean nudge(final int node, final int kind) {
        if (closed) {
            return false;
        }
        final Peer peer = peers[node & (peers.length - 1)];
        final boolean interrupted = Thread.interrupted();
        try {
            SocketChannel channel = peer.channel;
            if (channel == null && (channel = peer.connect()) == null) {
                return false;
            }
            final ByteBuffer nudge = nudges.get();
            nudge.clear();
            nudge.put(0, (byte)kind);
            try {
                channel.write(nudge);
                return true;
            }
            catch (final IOException ex) {
                // The peer went away (its next holder may listen at the same path): one fresh connection.
                peer.drop(channel);
                channel = peer.connect();
                if (channel == null) {
                    return false;
                }
                nudge.clear();
                channel.write(nudge);
                return true;
            }
        }
        catch (final IOException | RuntimeException ex) {
            return false;
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- receiving ----------------------------------------------------------------------------------------

    @Override
    public int receive(final long timeoutNanos, final NudgeSink sink) {
        if (closed || Thread.currentThread().isInterrupted()) {
            return 0;
        }
        this.sink = sink;
        this.count = 0;
        try {
            // select(long) treats 0 as forever: wait at least a millisecond.
            final long millis = Math.max(1L, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999L));
            selector.select(onKey, millis);
        }
        catch (final IOException | RuntimeException ex) {
            // A closed selector (the hub closed meanwhile): nothing more to receive.
            return count;
        }
        finally {
            this.sink = null;
        }
        return count;
    }

    private void onKey(final SelectionKey key) {
        if (Thread.currentThread().isInterrupted()) {
            // Reading now would close the connection (an interrupted thread's channel operation does): leave it.
            return;
        }
        try {
            if (key.isAcceptable()) {
                SocketChannel accepted;
                while ((accepted = server.accept()) != null) {
                    accepted.configureBlocking(false);
                    accepted.register(selector, SelectionKey.OP_READ);
                }
            }
            if (key.isValid() && key.isReadable()) {
                read(key);
            }
        }
        catch (final IOException ex) {
            if (key.channel() != server) {
                key.cancel();
                closeQuietly(key.channel());
            }
        }
    }

    private void read(final SelectionKey key) throws IOException {
        final SocketChannel channel = (SocketChannel)key.channel();
        final ByteBuffer buffer = received;
        while (true) {
            buffer.clear();
            final int read = channel.read(buffer);
            if (read < 0) {
                key.cancel();
                channel.close();
                return;
            }
            for (int i = 0; i < read; i++) {
                count++;
                sink.onNudge(buffer.get(i) & 0xFF);
            }
            if (read < buffer.capacity()) {
                return;
            }
        }
    }

    @Override
    public void interruptReceive() {
        selector.wakeup();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final Peer peer : peers) {
            peer.close();
        }
        try {
            for (final SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
        }
        catch (final RuntimeException ignored) {
            // closed concurrently
        }
        closeQuietly(server);
        closeQuietly(selector);
        try {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignored) {
            // Left for the node's next holder, which replaces it.
        }
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            }
            catch (final Exception ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public String toString() {
        return "UnixWakeTransport(path=" + path + ", mode=" + mode + ")";
    }

    /**
     * The connection to one node, made on its first nudge.
     */
    private final class Peer {
        private final int node;
        private volatile SocketChannel channel;
        private SocketChannel connecting;
        private long retryAtNanos;

        Peer(final int node) {
            this.node = node;
        }

        /**
         * @return the connected channel, or null when the node cannot be reached now (retried later).
         */
        synchronized SocketChannel connect() {
            if (closed) {
                return null;
            }
            if (channel != null) {
                return channel;
            }
            try {
                if (connecting != null) {
                    if (!connecting.finishConnect()) {
                        return null;
                    }
                    channel = connecting;
                    connecting = null;
                    return channel;
                }
                final long now = System.nanoTime();
                if (retryAtNanos != 0 && now - retryAtNanos < 0) {
                    return null;
                }
                retryAtNanos = now + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
                final Path peerPath = peerPaths.apply(node);
                if (!trusted(peerPath)) {
                    return null;
                }
                final SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    opened.configureBlocking(false);
                    if (opened.connect(UnixDomainSocketAddress.of(peerPath))) {
                        channel = opened;
                        retryAtNanos = 0;
                        return opened;
                    }
                    connecting = opened;
                    return null;
                }
                catch (final IOException | RuntimeException ex) {
                    closeQuietly(opened);
                    throw ex;
                }
            }
            catch (final IOException | RuntimeException ex) {
                closeQuietly(connecting);
                connecting = null;
                return null;
            }
        }

        private boolean trusted(final Path peerPath) {
            try {
                final Map<String, Object> attributes =
                    Files.readAttributes(peerPath, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
                return ((Integer)attributes.get("mode") & S_IFMT) == S_IFSOCK &&
                    (mode != AccessMode.OWNER || (Integer)attributes.get("uid") == expectedUid);
            }
            catch (final IOException | RuntimeException absent) {
                return false;
            }
        }

        synchronized void drop(final SocketChannel dead) {
            if (channel == dead) {
                channel = null;
                retryAtNanos = 0;
            }
            closeQuietly(dead);
        }

        synchronized void close() {
            closeQuietly(channel);
            closeQuietly(connecting);
            channel = null;
            connecting = null;
        }
    }
}
