/**
 * How the examples write their files: {@link io.geomatch.examples.files.AtomicFiles} replaces a
 * file as a whole (temporary file beside it, forced, renamed atomically, directory forced), so a
 * reader or a crash sees the old content or the new one, never a mix, and a failed write leaves
 * nothing behind. {@link io.geomatch.examples.files.PrivateFiles} keeps what the examples store
 * owner-only (directories {@code 0700}, files {@code 0600}, created so, never widened), refuses the
 * paths that would make a file look absent or empty when it is not (a symbolic link leading to no
 * file, a directory or device where a file belongs). {@link io.geomatch.examples.files.ExclusiveLock}
 * keeps a data directory to one holder. The core
 * library keeps its own file handling internal; applications that embed it, like these examples,
 * bring their own.
 */
package io.geomatch.examples.files;
