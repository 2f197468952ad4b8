package io.geomatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The resident memory of this JVM as the kernel counts it ({@code /proc/self/status}): the current
 * resident set ({@code VmRSS}) and its peak since the process started ({@code VmHWM}), which is
 * what an out-of-memory killer or a container limit sees. Heap, off-heap buffers, mapped files that
 * were touched, code and thread stacks all count. Linux only; elsewhere the figures are -1.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** @return the resident set now, bytes, or -1 if unknown */
    public static long residentBytes() {
        return field("VmRSS:");
    }

    /** @return the peak resident set of this process so far, bytes, or -1 if unknown */
    public static long peakResidentBytes() {
        return field("VmHWM:");
    }

    /**
     * @param label what the line reports on
     * @return a one-line report of the resident memory, for a benchmark's tear-down
     */
    public static String line(String label) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "[memory] %s: rss=%.2f GB peakRss(VmHWM)=%.2f GB heapUsed=%.2f GB heapCommitted=%.2f GB",
            label, gb(residentBytes()), gb(peakResidentBytes()), gb(rt.totalMemory() - rt.freeMemory()), gb(rt.totalMemory()));
    }

    private static double gb(long bytes) {
        return bytes < 0 ? -1 : bytes / 1e9;
    }

    private static long field(String name) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
