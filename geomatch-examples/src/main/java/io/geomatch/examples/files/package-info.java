/**
 * How the examples write their files: {@link io.geomatch.examples.files.AtomicFiles} replaces a
 * file as a whole (temporary file beside it, forced, renamed atomically, directory forced), so a
 * reader or a crash sees the old content or the new one, never a mix, and a failed write leaves
 * nothing behind. The core library keeps its own file handling internal; applications that embed
 * it, like these examples, bring their own.
 */
package io.geomatch.examples.files;
