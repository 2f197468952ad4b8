package io.geomatch.examples.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The service's inputs and outputs: what callers of {@link CommunityService} pass and get back,
 * and, serialised by Jackson, the JSON bodies of the HTTP API. Times are ISO-8601 instants in
 * outputs. Areas come in as JTS geometry, parsed once where they were read
 * ({@code service.geo.GeoJson}), and go out as GeoJSON.
 */
public final class Api {
    private Api() {
    }

    /**
     * A new agency.
     *
     * @param name display name
     * @param emailDomain the agency's official email domain; free-mail domains are refused
     * @param kind city, county, state, federal, tribal or immigration; only city and county are eligible
     * @param jurisdiction the area it serves, a Polygon or MultiPolygon in (x = lon, y = lat) degrees
     * @param verifiedBy ring, axon or flock
     */
    public record AgencyForm(String name, String emailDomain, String kind, Geometry jurisdiction, String verifiedBy) {
    }

    /**
     * A new device of an owner.
     *
     * @param id the device's id, 1..64 of {@code A-Za-z0-9._-}, unique on the platform
     * @param latDegrees latitude, -90..90
     * @param lonDegrees longitude, -180..180
     * @param type doorbell, floodlight, spotlight or stick-up
     * @param e2ee whether the owner turned on end-to-end encryption (such devices cannot share)
     * @param retentionDays the owner's plan, 1..180
     * @param publicKeyBase64 the device's Ed25519 public key, base64 of its X.509 encoding
     * @param view what the camera sees, or null if not known (it then matches by where it stands)
     */
    public record DeviceForm(String id, double latDegrees, double lonDegrees, String type, boolean e2ee, int retentionDays,
                             String publicKeyBase64, View view) {
    }

    /**
     * What a camera sees: the sector of the ground within {@code rangeMeters} whose bearing from
     * the camera lies within {@code headingDegrees} plus or minus half of {@code fieldOfViewDegrees}
     * (the whole disk at 360). A request reaches a device with a view when this sector meets the
     * request's area; the index keeps the values to 0.01 degree and 1 mm.
     *
     * @param headingDegrees where the view is centred, clockwise from true north, 0 (inclusive) to 360 (exclusive)
     * @param fieldOfViewDegrees the angle seen, above 0 and at most 360
     * @param rangeMeters how far the camera sees, above 0 and at most 200
     */
    public record View(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
    }

    /**
     * A clip a device uploads.
     *
     * @param startMillis start, epoch ms
     * @param endMillis end, exclusive, epoch ms
     * @param content the video bytes
     * @param signature Ed25519 signature by the device key over
     *     {@code deviceId\nstartMillis\nendMillis\nsha256hex(content)}
     */
    public record ClipForm(long startMillis, long endMillis, byte[] content, byte[] signature) {
    }

    /**
     * A community request.
     *
     * @param area a Polygon or MultiPolygon in (x = lon, y = lat) degrees, or null if missing
     * @param fromMillis window start, epoch ms
     * @param toMillis window end, exclusive, epoch ms
     * @param incidentType one of the incident types
     * @param caseNumber the agency's case number
     * @param contact how owners reach the investigator
     * @param description at most 2,000 characters
     */
    public record RequestForm(Geometry area, long fromMillis, long toMillis, String incidentType, String caseNumber,
                              String contact, String description) {
    }

    /**
     * A created principal.
     *
     * @param id its id
     * @param token its bearer token, shown once; the service keeps only its hash
     */
    public record Created(String id, String token) {
    }

    /**
     * A registered device, as its owner sees it.
     *
     * @param id the device id
     * @param ownerId its owner
     * @param type its type
     * @param e2ee whether it is end-to-end encrypted
     * @param retentionDays its retention plan
     * @param view what it sees, or null (then left out of the JSON)
     */
    public record DeviceView(String id, String ownerId, String type, boolean e2ee, int retentionDays,
                             @JsonInclude(JsonInclude.Include.NON_NULL) View view) {
    }

    /**
     * A stored clip.
     *
     * @param id the clip id
     * @param deviceId its device
     * @param start start
     * @param end end, exclusive
     * @param sha256 SHA-256 of the content, hex
     */
    public record ClipView(String id, String deviceId, String start, String end, String sha256) {
    }

    /**
     * The answer to filing a request: the same whatever the area holds.
     *
     * @param id the request id
     * @param status {@code published}
     * @param leafIndex the index (from 0) of its {@code request.published} record in the audit
     *     log's Merkle tree, for {@code GET /v1/audit/inclusion}
     */
    public record Filed(String id, String status, long leafIndex) {
    }

    /**
     * A published request as the public, the requesting agency and recipients see it. It carries
     * nothing about recipients.
     *
     * @param id request id
     * @param agencyId the agency
     * @param agencyName its name
     * @param status published or resolved
     * @param area GeoJSON
     * @param from window start
     * @param to window end, exclusive
     * @param incidentType incident type
     * @param caseNumber case number
     * @param contact contact
     * @param description description
     * @param publishedAt when it was published
     * @param resolvedAt when it was marked resolved, or null
     * @param leafIndex the index (from 0) of its {@code request.published} record in the audit
     *     log's Merkle tree
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RequestView(String id, String agencyId, String agencyName, String status, @JsonRawValue String area,
                              String from, String to, String incidentType, String caseNumber, String contact,
                              String description, String publishedAt, String resolvedAt, long leafIndex) {
    }

    /**
     * One request in an owner's feed.
     *
     * @param request the request
     * @param clips the owner's clips that may be shared with it: from a device the request reached
     *     (one that sees the area, or stands in it), overlapping the window
     * @param response share, decline, or null while the owner has not answered
     */
    public record FeedItem(RequestView request, List<ClipView> clips, String response) {
    }

    /**
     * An owner's answer.
     *
     * @param requestId the request
     * @param action share or decline
     * @param clipIds the clips shared
     */
    public record ResponseView(String requestId, String action, List<String> clipIds) {
    }

    /**
     * A shared clip with its verification record.
     *
     * @param clipId clip id
     * @param deviceId the device that recorded it
     * @param start start
     * @param end end, exclusive
     * @param uploadedAt when the device uploaded it
     * @param sha256 SHA-256 of the content as uploaded
     * @param signature the device's signature, base64
     * @param publicKey the device's Ed25519 public key, base64 X.509
     * @param contentBase64 the content, streamed from the evidence store as base64 when the JSON is
     *     written; null when it is not available
     * @param contentAvailable whether the content file was in the evidence store when the evidence
     *     was built (checked before any byte is sent, so a missing file never truncates a response)
     * @param verification what the evidence store checked
     */
    public record EvidenceClip(String clipId, String deviceId, String start, String end, String uploadedAt, String sha256, String signature,
                               String publicKey, ClipContent contentBase64, boolean contentAvailable, Verification verification) {
    }

    /**
     * Clip content kept on disk: serialised by Jackson as base64, read from the store piece by
     * piece while the JSON is written, so an evidence response of any size takes little memory.
     */
    @JsonSerialize(using = ContentSerializer.class)
    public interface ClipContent {
        /** @return the content's length when it was uploaded, bytes */
        long size();

        /**
         * @return the content; the caller closes it
         * @throws IOException if it cannot be read
         */
        InputStream open() throws IOException;
    }

    /** Writes {@link ClipContent} as a base64 string, streamed. */
    public static final class ContentSerializer extends StdSerializer<ClipContent> {
        private static final long serialVersionUID = 1L;

        /** The serializer Jackson makes from the annotation. */
        public ContentSerializer() {
            super(ClipContent.class);
        }

        @Override
        public void serialize(ClipContent value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            try (InputStream in = value.open()) {
                gen.writeBinary(in, -1);   // what is stored now, whatever its length: the verification says whether it is the original
            }
        }
    }

    /**
     * An authenticity check of a clip.
     *
     * @param algorithm {@code Ed25519}
     * @param signedText the exact text the signature covers
     * @param contentHashMatches whether SHA-256 of the content equals the uploaded hash
     * @param signatureValid whether the signature verifies under the device key
     * @param sharedAt when the owner shared it
     * @param verifiedAt when this check ran
     */
    public record Verification(String algorithm, String signedText, boolean contentHashMatches, boolean signatureValid,
                               String sharedAt, String verifiedAt) {
    }

    /**
     * The evidence of a request.
     *
     * @param requestId the request
     * @param clips the shared clips, in the order they were shared
     */
    public record Evidence(String requestId, List<EvidenceClip> clips) {
    }

    /**
     * A request matched in both modes (operator only): what view matching changes.
     *
     * @param requestId the request
     * @param positionCameras cameras that stand in the area (eligible, with footage)
     * @param viewCameras cameras whose view meets the area, or that stand in it without a view
     * @param positionOwners owners position matching reaches
     * @param viewOwners owners view matching reaches
     * @param ownersSpared owners position matching reaches and view matching does not: their cameras stand in the area but see none of it
     * @param ownersAdded owners view matching reaches and position matching does not: their cameras stand outside and see into it
     */
    public record MatchModes(String requestId, int positionCameras, int viewCameras, int positionOwners, int viewOwners,
                             int ownersSpared, int ownersAdded) {
    }

    /**
     * What the platform alone knows about a request's fan-out (operator only).
     *
     * @param requestId the request
     * @param fannedOut whether the fan-out has run
     * @param matchedCameras cameras the index matched (eligible, seeing the area or standing in it, with footage)
     * @param notifiedOwners owners it was delivered to
     * @param shared owners who shared
     * @param declined owners who declined
     * @param fanOutMicros how long the match and delivery took
     */
    public record Deliveries(String requestId, boolean fannedOut, int matchedCameras, int notifiedOwners, int shared,
                             int declined, long fanOutMicros) {
    }

    /**
     * The result of checking the audit log on disk.
     *
     * @param intact whether every record is intact and chained
     * @param records how many records were intact
     * @param headHash hash of the last intact record
     * @param brokenLine first broken line, or 0
     * @param problem what is wrong, or null
     * @param signedTreeSize the size of the last signed tree head
     * @param signedRootMatches whether the file's first {@code signedTreeSize} records have that
     *     head's root
     */
    public record AuditReport(boolean intact, long records, String headHash, long brokenLine, String problem, long signedTreeSize,
                              boolean signedRootMatches) {
    }

    /**
     * The key the service signs tree heads with.
     *
     * @param publicKey base64 of the raw 32-byte Ed25519 public key (RFC 8032)
     */
    public record AuditKeyView(String publicKey) {
    }

    /**
     * An RFC 9162 inclusion proof (section 2.1.3).
     *
     * @param leafIndex the record, from 0
     * @param treeSize the tree it is proved in
     * @param auditPath the hashes from the leaf up, hex
     */
    public record InclusionProof(long leafIndex, long treeSize, List<String> auditPath) {
    }

    /**
     * An RFC 9162 consistency proof (section 2.1.4).
     *
     * @param first the older tree size
     * @param second the newer tree size
     * @param proof the hashes, hex
     */
    public record ConsistencyProof(long first, long second, List<String> proof) {
    }

    /**
     * Audit log records exactly as stored (their leaves are SHA-256 of 0x00 and these bytes in
     * UTF-8).
     *
     * @param entries the records, in order
     */
    public record AuditEntries(List<String> entries) {
    }

    /**
     * A month's transparency report.
     *
     * @param month the month, {@code YYYY-MM} (UTC)
     * @param epsilon the privacy budget of this release
     * @param method how the numbers were made, in words
     * @param agencies one row per agency registered by the month's end
     * @param treeHead the signed tree head covering every record the report counts
     */
    public record TransparencyReport(String month, double epsilon, String method, List<ReportRow> agencies,
                                     io.geomatch.examples.service.audit.SignedTreeHead treeHead) {
    }

    /**
     * One agency's line of a transparency report.
     *
     * @param agencyId the agency
     * @param agencyName its name
     * @param requestsPublished requests it published in the month, exact
     * @param requestsRefused its filings refused in the month, by rule code, exact
     * @param ownersNotified owners its requests reached in the month, with Laplace noise
     * @param clipsShared owners who shared at least one clip with its requests in the month, with Laplace noise
     */
    public record ReportRow(String agencyId, String agencyName, long requestsPublished, java.util.Map<String, Long> requestsRefused,
                            long ownersNotified, long clipsShared) {
    }
}
