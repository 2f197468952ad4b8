package io.geomatch.core.internal.memory;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeAccess;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Off-heap memory that can be freed when its owner says so rather than when the garbage collector
 * finds it: the one allocator of the segments' columns, and the one place that frees or unmaps them.
 *
 * <p>{@link #allocate} returns a zeroed, 64-byte aligned buffer over a whole direct allocation (not
 * a slice of one), so that {@link #free} can hand that allocation back at once; the JDK's direct
 * memory accounting ({@code BufferPoolMXBean} "direct") sees it go. {@link #free} also unmaps a
 * memory-mapped section (the "mapped" pool). Either way the buffer must never be read again: its
 * owner frees it only once no reader holds it (see {@link Shared}). A buffer this class cannot
 * free (a slice or duplicate made elsewhere, a heap buffer) is left to the garbage collector.
 *
 * <p>With the system property {@code geomatch.poisonFreedMemory=true} (set by the tests), writable
 * memory is overwritten with a pattern before it is freed, so that a read after the free gives
 * wrong answers that the oracle tests see, rather than stale right ones; a read of an unmapped
 * section faults.
 */
public final class OffHeap {
    /** Alignment of every allocation, bytes: a cache line. */
    public static final int ALIGNMENT = 64;
    /** The largest allocation, bytes: one Agrona buffer, with room for the alignment. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - ALIGNMENT;
    private static final boolean POISON = Boolean.getBoolean("geomatch.poisonFreedMemory");
    private static final byte POISON_BYTE = (byte) 0xA5;

    private OffHeap() {
    }

    /**
     * @param bytes the size, {@code 0..}{@value #MAX_BYTES}
     * @return a zeroed, 64-byte aligned buffer of exactly that capacity, freeable with {@link #free}
     * @throws IllegalStateException if the size exceeds one buffer
     * @throws OutOfMemoryError if the JVM's direct memory limit ({@code -XX:MaxDirectMemorySize}) is reached
     */
    public static UnsafeBuffer allocate(long bytes) {
        if (bytes < 0 || bytes > MAX_BYTES) {
            throw new IllegalStateException("an off-heap column of " + bytes + " bytes exceeds one buffer (at most " + MAX_BYTES + ")");
        }
        ByteBuffer whole = ByteBuffer.allocateDirect((int) bytes + ALIGNMENT - 1);
        long address = BufferUtil.address(whole);
        int offset = (int) ((ALIGNMENT - (address & (ALIGNMENT - 1))) & (ALIGNMENT - 1));
        return new UnsafeBuffer(whole, offset, (int) bytes);
    }

    /**
     * Frees (or unmaps) the memory behind a buffer now. The buffer, and every other view of the same
     * memory, must not be read afterwards.
     *
     * @param buffer a buffer from {@link #allocate}, a memory-mapped section, or anything else
     * @return the bytes handed back, or 0 if the buffer was not one this class can free
     */
    public static long free(DirectBuffer buffer) {
        if (buffer == null) {
            return 0;
        }
        ByteBuffer whole = buffer.byteBuffer();
        if (whole == null || !whole.isDirect()) {
            return 0;
        }
        long bytes = whole.capacity();
        if (POISON && !whole.isReadOnly() && buffer.capacity() > 0) {
            UnsafeAccess.UNSAFE.setMemory(buffer.addressOffset(), buffer.capacity(), POISON_BYTE);
        }
        try {
            UnsafeAccess.UNSAFE.invokeCleaner(whole);
        } catch (IllegalArgumentException sliceOrDuplicate) {
            return 0;
        }
        return bytes;
    }
}
