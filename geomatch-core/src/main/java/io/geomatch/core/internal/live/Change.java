package io.geomatch.core.internal.live;

/**
 * A change to a live index as one tuple {@code (kind, id, first, second, attributes, view)}: the form
 * in which a batch of mutations holds it, {@link LiveWriter#stage} applies it, and the
 * write-ahead log encodes and replays it.
 *
 * <table>
 *   <caption>fields by kind</caption>
 *   <tr><th>kind</th><th>id</th><th>first</th><th>second</th><th>attributes</th><th>view</th></tr>
 *   <tr><td>{@link #UPSERT}</td><td>camera</td><td>latitude, raw double bits</td><td>longitude, raw double bits</td>
 *       <td>{@link io.geomatch.core.internal.contract.CameraAttributes}</td>
 *       <td>{@link io.geomatch.core.internal.contract.CameraView}, or none</td></tr>
 *   <tr><td>{@link #DELETE}</td><td>camera</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link #FOOTAGE}</td><td>camera</td><td>start, epoch ms, inclusive</td><td>end, epoch ms, exclusive</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link #CLOCK}</td><td>-</td><td>the new clock, epoch ms</td><td>-</td><td>-</td><td>-</td></tr>
 * </table>
 * The kind numbers are also the record types of the log on disk (an upsert with a view has a
 * record type of its own), so they never change.
 */
public final class Change {
    /** A camera added, moved or changed. */
    public static final byte UPSERT = 1;
    /** A camera removed with its footage. */
    public static final byte DELETE = 2;
    /** An interval of footage. */
    public static final byte FOOTAGE = 3;
    /** The clock advanced. */
    public static final byte CLOCK = 4;

    /** Receives changes in order, each with its change number. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param lsn the change number
         * @param kind {@link #UPSERT}, {@link #DELETE}, {@link #FOOTAGE} or {@link #CLOCK}
         * @param id the camera id, or 0
         * @param first the first field, as the kind defines it
         * @param second the second field
         * @param attributes the camera's attributes, for an upsert
         * @param view the camera's view, for an upsert ({@code CameraView.NONE} for none)
         */
        void change(long lsn, byte kind, long id, long first, long second, int attributes, long view);
    }

    private Change() {
    }
}
