package io.geomatch.examples.service.requests;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.directory.Agency;
import io.geomatch.examples.service.fanout.DeviceIndex;
import io.geomatch.examples.service.geo.GeoJson;
import org.locationtech.jts.geom.Geometry;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A published request: what the agency filed (immutable), whether it was resolved, what the
 * fan-out delivered and who answered. Its area is kept as parsed once, prepared for the index,
 * and as GeoJSON for its views. Changed under the service's write lock only; any thread
 * may read it.
 */
public final class Request {
    private final String id;
    private final long seq;
    private final Agency agency;
    private final String areaGeoJson;
    private final DeviceIndex.Query query;
    private final long fromMillis;
    private final long toMillis;
    private final String incidentType;
    private final String caseNumber;
    private final String contact;
    private final String description;
    private final long publishedAtMillis;
    private volatile long resolvedAtMillis;
    private volatile Delivery delivery;
    private final Map<String, Response> responses = new ConcurrentHashMap<>();

    /**
     * What the fan-out found: only the operator sees it.
     *
     * @param micros how long the match took from when it was scheduled, µs
     * @param cameras the index ids matched, ascending
     * @param recipients the owners it was delivered to, in delivery order
     * @param atMillis when it was delivered, epoch ms
     */
    public record Delivery(long micros, long[] cameras, List<String> recipients, long atMillis) {
    }

    /**
     * An owner's answer.
     *
     * @param action share or decline
     * @param atMillis when, epoch ms
     */
    public record Response(String action, long atMillis) {
    }

    Request(String id, long seq, Agency agency, Geometry area, DeviceIndex.Query query, long fromMillis, long toMillis, String incidentType,
            String caseNumber, String contact, String description, long publishedAtMillis) {
        this.id = id;
        this.seq = seq;
        this.agency = agency;
        this.areaGeoJson = GeoJson.write(area);
        this.query = query;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.incidentType = incidentType;
        this.caseNumber = caseNumber;
        this.contact = contact;
        this.description = description;
        this.publishedAtMillis = publishedAtMillis;
    }

    /** @return its id */
    public String id() {
        return id;
    }

    /** @return the number of its {@code request.published} record in the journal (its leaf is {@code seq - 1}) */
    public long seq() {
        return seq;
    }

    /** @return the agency that filed it */
    public Agency agency() {
        return agency;
    }

    /** @return the area prepared for the index */
    public DeviceIndex.Query query() {
        return query;
    }

    /** @return window start, epoch ms */
    public long fromMillis() {
        return fromMillis;
    }

    /** @return window end, exclusive, epoch ms */
    public long toMillis() {
        return toMillis;
    }

    /** @return the incident type */
    public String incidentType() {
        return incidentType;
    }

    /** @return the case number as filed */
    public String caseNumber() {
        return caseNumber;
    }

    /** @return when it was published, epoch ms */
    public long publishedAtMillis() {
        return publishedAtMillis;
    }

    /** @return when it was resolved, epoch ms, or 0 */
    public long resolvedAtMillis() {
        return resolvedAtMillis;
    }

    /** @return what the fan-out delivered, or null before it ran */
    public Delivery delivery() {
        return delivery;
    }

    /** @return the owners' answers by owner id */
    public Map<String, Response> responses() {
        return responses;
    }

    /**
     * @param indexId a device's camera id in the index
     * @return whether the fan-out matched that device for this request (false before it ran)
     */
    public boolean matched(long indexId) {
        Delivery d = delivery;
        return d != null && Arrays.binarySearch(d.cameras(), indexId) >= 0;
    }

    /** @return published or resolved */
    public String status() {
        return resolvedAtMillis == 0 ? "published" : "resolved";
    }

    /** @return its window as text, for messages */
    public String window() {
        return Instant.ofEpochMilli(fromMillis) + " .. " + Instant.ofEpochMilli(toMillis);
    }

    /** @return what the public, the agency and recipients see: nothing about recipients */
    public Api.RequestView view() {
        long resolved = resolvedAtMillis;
        return new Api.RequestView(id, agency.id(), agency.name(), status(), areaGeoJson, Instant.ofEpochMilli(fromMillis).toString(),
            Instant.ofEpochMilli(toMillis).toString(), incidentType, caseNumber, contact, description,
            Instant.ofEpochMilli(publishedAtMillis).toString(), resolved == 0 ? null : Instant.ofEpochMilli(resolved).toString(), seq - 1);
    }

    void resolved(long atMillis) {
        resolvedAtMillis = atMillis;
    }

    void delivered(Delivery d) {
        delivery = d;
    }
}
