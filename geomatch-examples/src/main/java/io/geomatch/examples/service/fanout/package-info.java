/**
 * The anonymous fan-out and the index it runs on.
 *
 * <p>{@link io.geomatch.examples.service.fanout.DeviceIndex} holds every device and its footage
 * in a geomatch {@code GeoStore}, or in a geomatch cluster ({@code serve --cluster}), derived from
 * the journal by one mapping; it is the only class of the examples that calls an index API
 * (areas, stores, mutations, views, the cluster client), so adapting to a new core API touches
 * one file. {@link io.geomatch.examples.service.fanout.FanOut} runs on its own thread after a
 * request's filer has been answered: it matches the request in view mode (a device registered
 * with a view, and every simulated device the world gave one, is reached when what it sees meets
 * the area; one without a view when it stands in it), in a lock-free view of the index or through
 * the cluster (asking again while the cluster cannot answer), commits the match as one
 * {@code request.delivered} record and then tells the notifier of each recipient. Neither the
 * filer's answer nor its timing depends on how many
 * devices match, and agencies never see what the fan-out found.
 */
package io.geomatch.examples.service.fanout;
