/**
 * Pictures of community requests: {@link io.geomatch.examples.map.RequestMap} draws the request
 * area, its H3 cells, the matched and other cameras (with the sector each matched camera sees,
 * if it has a view) and the agency's jurisdiction as SVG or PNG,
 * for the example service's responses and for documentation.
 *
 * <p>Design: one drawing model, rendered twice. {@code RequestMap.Builder} validates and copies
 * its inputs, then lays the picture out once into a {@code Drawing}: a size, a plot rectangle and
 * named layers of marks (rings filled even-odd, dots, polylines, text) in pixel coordinates, each
 * tagged with a {@code Style}. {@code SvgRenderer} writes that as SVG 1.1, one CSS class per
 * style and one {@code <g id=...>} per layer ({@code background}, {@code jurisdiction},
 * {@code cells}, {@code area}, {@code sectors}, {@code cameras}, {@code frame}, {@code title}, {@code legend},
 * {@code scale}); {@code PngRenderer} paints the same marks with Java2D, antialiased, turning
 * each style into the same colour, stroke and font. Geography enters only through
 * {@code LocalProjection}, a local equirectangular projection ({@code x} scaled by
 * {@code cos(latCentre)}) fitted to the plot. Files are replaced atomically through
 * one {@link io.geomatch.examples.files.AtomicFiles}.
 *
 * <p>Threading and invariants: a builder belongs to one thread; drawings, styles and the
 * renderers are immutable or stateless and may be used from any thread. Every coordinate in a
 * drawing is finite, because inputs are range-checked at the builder and what lies outside the
 * view is dropped or clipped before projection.
 */
package io.geomatch.examples.map;
