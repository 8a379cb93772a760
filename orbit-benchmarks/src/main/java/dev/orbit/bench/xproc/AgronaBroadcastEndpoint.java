package dev.orbit.bench.xproc;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastReceiver;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.agrona.concurrent.broadcast.CopyBroadcastReceiver;

/**
 * The comparison for {@link OrbitRingEndpoint}: the same ping-pong over two Agrona broadcast buffers in
 * memory-mapped files in /dev/shm, 64-byte messages, read with {@link CopyBroadcastReceiver} (which, like
 * Orbit's cursor, copies a message out before handing it over and detects being lapped).
 */
final class AgronaBroadcastEndpoint implements Endpoint, MessageHandler {

    /** Bytes of each broadcast buffer (before its trailer). */
    static final int CAPACITY = 1 << 20;

    private final MappedByteBuffer outMap;
    private final MappedByteBuffer inMap;
    private final BroadcastTransmitter out;
    private final CopyBroadcastReceiver in;
    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Frames.PAYLOAD));
    private long received = NONE;

    private AgronaBroadcastEndpoint(final MappedByteBuffer outMap, final MappedByteBuffer inMap) {
        this.outMap = outMap;
        this.inMap = inMap;
        this.out = new BroadcastTransmitter(new UnsafeBuffer(outMap));
        this.in = new CopyBroadcastReceiver(new BroadcastReceiver(new UnsafeBuffer(inMap)));
    }

    /**
     * Creates both files (zeroed) and opens the parent's side.
     */
    static AgronaBroadcastEndpoint create(final File outFile, final File inFile) {
        final long length = CAPACITY + BroadcastBufferDescriptor.TRAILER_LENGTH;
        final MappedByteBuffer outMap = IoUtil.mapNewFile(outFile, length);
        final MappedByteBuffer inMap = IoUtil.mapNewFile(inFile, length);
        return new AgronaBroadcastEndpoint(outMap, inMap);
    }

    /**
     * Maps existing files and opens the child's side.
     */
    static AgronaBroadcastEndpoint attach(final File outFile, final File inFile) {
        return new AgronaBroadcastEndpoint(IoUtil.mapExistingFile(outFile, "out"), IoUtil.mapExistingFile(inFile, "in"));
    }

    @Override
    public void send(final long seq) {
        payload.putLong(0, seq);
        out.transmit(1, payload, 0, Frames.PAYLOAD);
    }

    @Override
    public long poll() {
        received = NONE;
        in.receive(this);
        return received;
    }

    @Override
    public void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index, final int length) {
        received = ((DirectBuffer)buffer).getLong(index);
    }

    @Override
    public void close() {
        IoUtil.unmap(outMap);
        IoUtil.unmap(inMap);
    }
}
