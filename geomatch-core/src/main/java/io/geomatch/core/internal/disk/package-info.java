/**
 * Internal: the seam between geomatch's durable files and the file system. Not supported API.
 *
 * <p>{@link io.geomatch.core.internal.disk.Disk} is every call that changes what a store or a
 * snapshot leaves on the device: create, write and force a file (through the
 * {@link java.nio.channels.FileChannel} it returns), rename, delete, force a directory.
 * {@link io.geomatch.core.internal.disk.Disk#SYSTEM} is the operating system's; tests substitute a
 * simulated disk that keeps only what was forced at a simulated power loss and injects torn
 * writes, lost writes, {@code ENOSPC} and I/O errors. {@link io.geomatch.core.internal.disk.AtomicFile}
 * is the one way a file is replaced (temporary file, force, atomic rename, force the directory).
 * Reads do not go through the seam: a running system reads what its operating system holds.
 * Stateless and thread-safe; what a caller must assume after a failed force is on
 * {@link io.geomatch.core.internal.disk.Disk}.
 */
package io.geomatch.core.internal.disk;
