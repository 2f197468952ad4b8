package io.geomatch.examples.service.journal;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.geomatch.examples.service.audit.SignedTreeHead;
import org.locationtech.jts.geom.Geometry;

import java.util.List;
import java.util.Map;

/**
 * Every kind of change the service records, one record type each: the journal is a sequence of
 * these, and the service's whole state is a function of it. Jackson maps each record to the
 * {@code data} of a journal line and back; the line's {@code type} is the record's
 * {@link JsonTypeName} (the list of types is the {@link JsonSubTypes} annotation here, read once
 * by {@link Journal}). Records are values: they never change after they are written, and
 * renaming a component changes the file format.
 *
 * <p>{@link Visitor} has one method per type, so a consumer that handles records (the service's
 * state machine) is told by the compiler when a type is added.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(JournalRecord.OperatorCreated.class),
    @JsonSubTypes.Type(JournalRecord.WorldSimulated.class),
    @JsonSubTypes.Type(JournalRecord.AgencyCreated.class),
    @JsonSubTypes.Type(JournalRecord.OwnerCreated.class),
    @JsonSubTypes.Type(JournalRecord.DeviceAdded.class),
    @JsonSubTypes.Type(JournalRecord.OwnerOptedOut.class),
    @JsonSubTypes.Type(JournalRecord.OwnerOptedIn.class),
    @JsonSubTypes.Type(JournalRecord.ClipUploaded.class),
    @JsonSubTypes.Type(JournalRecord.RequestPublished.class),
    @JsonSubTypes.Type(JournalRecord.RequestRefused.class),
    @JsonSubTypes.Type(JournalRecord.RequestDelivered.class),
    @JsonSubTypes.Type(JournalRecord.ResponseRecorded.class),
    @JsonSubTypes.Type(JournalRecord.RequestResolved.class),
    @JsonSubTypes.Type(JournalRecord.ReportPublished.class),
    @JsonSubTypes.Type(JournalRecord.OwnerRound.class)})
public sealed interface JournalRecord {
    /**
     * Hands this record to the visitor's method for its type.
     *
     * @param visitor the consumer
     * @param <T> what the visitor returns
     * @return what the visitor returned
     */
    <T> T accept(Visitor<T> visitor);

    /**
     * One method per record type.
     *
     * @param <T> what each method returns
     */
    interface Visitor<T> {
        /**
         * @param r the record
         * @return the visitor's result
         */
        T operatorCreated(OperatorCreated r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T worldSimulated(WorldSimulated r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T agencyCreated(AgencyCreated r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T ownerCreated(OwnerCreated r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T deviceAdded(DeviceAdded r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T ownerOptedOut(OwnerOptedOut r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T ownerOptedIn(OwnerOptedIn r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T clipUploaded(ClipUploaded r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T requestPublished(RequestPublished r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T requestRefused(RequestRefused r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T requestDelivered(RequestDelivered r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T responseRecorded(ResponseRecorded r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T requestResolved(RequestResolved r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T reportPublished(ReportPublished r);

        /**
         * @param r the record
         * @return the visitor's result
         */
        T ownerRound(OwnerRound r);
    }

    /**
     * The operator's token was created (first start).
     *
     * @param tokenHash {@code Signatures.tokenHash} of the token; the token itself is never stored
     */
    @JsonTypeName("operator.created")
    record OperatorCreated(String tokenHash) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.operatorCreated(this);
        }
    }

    /**
     * A simulated world was populated: its devices and footage are regenerated from these
     * parameters on every start, not stored.
     *
     * @param devices how many devices
     * @param seed the world's seed
     * @param historyDays days of footage before {@code nowMillis}
     * @param nowMillis the world's present, epoch ms
     */
    @JsonTypeName("world.simulated")
    record WorldSimulated(int devices, long seed, int historyDays, long nowMillis) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.worldSimulated(this);
        }
    }

    /**
     * A verified agency was registered.
     *
     * @param id its id
     * @param name display name
     * @param emailDomain official email domain, lower case
     * @param kind city or county
     * @param verifiedBy the partner that verified it
     * @param jurisdiction its area, a Polygon or MultiPolygon
     * @param tokenHash hash of its bearer token
     */
    @JsonTypeName("agency.created")
    record AgencyCreated(String id, String name, String emailDomain, String kind, String verifiedBy, Geometry jurisdiction,
                         String tokenHash) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.agencyCreated(this);
        }
    }

    /**
     * An owner was registered.
     *
     * @param id its id
     * @param name display name
     * @param email email address
     * @param tokenHash hash of its bearer token
     */
    @JsonTypeName("owner.created")
    record OwnerCreated(String id, String name, String email, String tokenHash) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.ownerCreated(this);
        }
    }

    /**
     * An owner registered a device.
     *
     * @param id the device id
     * @param ownerId its owner
     * @param indexId its camera id in the index (negative for registered devices)
     * @param lat latitude, degrees
     * @param lon longitude, degrees
     * @param type doorbell, floodlight, spotlight or stick-up
     * @param e2ee whether it is end-to-end encrypted
     * @param retentionDays its retention plan, days
     * @param publicKey base64 of its X.509-encoded Ed25519 public key
     * @param view what it sees, or null: then the member is left out, and journals written before
     *     devices had views (which lack it) read as null
     */
    @JsonTypeName("device.added")
    record DeviceAdded(String id, String ownerId, long indexId, double lat, double lon, String type, boolean e2ee,
                       int retentionDays, String publicKey,
                       @JsonInclude(JsonInclude.Include.NON_NULL)
                       @JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
                       @JsonProperty("view") View view) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.deviceAdded(this);
        }
    }

    /**
     * A device's view as declared (the index rounds it to 0.01 degree and 1 mm).
     *
     * @param headingDegrees clockwise from true north, 0 (inclusive) to 360 (exclusive)
     * @param fieldOfViewDegrees above 0, at most 360
     * @param rangeMeters above 0, at most 200
     */
    record View(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
    }

    /**
     * An owner opted out of community requests.
     *
     * @param ownerId the owner
     */
    @JsonTypeName("owner.opted-out")
    record OwnerOptedOut(String ownerId) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.ownerOptedOut(this);
        }
    }

    /**
     * An owner opted back in.
     *
     * @param ownerId the owner
     */
    @JsonTypeName("owner.opted-in")
    record OwnerOptedIn(String ownerId) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.ownerOptedIn(this);
        }
    }

    /**
     * A device uploaded a clip, checked authentic.
     *
     * @param id the clip id
     * @param ownerId the device's owner
     * @param deviceId its device, one of the owner's
     * @param start start, epoch ms
     * @param end end, exclusive, epoch ms
     * @param sha256 SHA-256 of the content, lower-case hex: its name in the evidence store
     * @param bytes the content's length
     * @param signature the device's Ed25519 signature (base64 in JSON)
     */
    @JsonTypeName("clip.uploaded")
    record ClipUploaded(String id, String ownerId, String deviceId, long start, long end, String sha256, long bytes, byte[] signature)
        implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.clipUploaded(this);
        }
    }

    /**
     * A request passed every rule and was published.
     *
     * @param id the request id
     * @param agencyId the agency
     * @param area the area, a Polygon or MultiPolygon
     * @param from window start, epoch ms
     * @param to window end, exclusive, epoch ms
     * @param incidentType incident type
     * @param caseNumber case number as filed
     * @param contact contact
     * @param description description
     * @param publishedAt when, epoch ms
     */
    @JsonTypeName("request.published")
    record RequestPublished(String id, String agencyId, Geometry area, long from, long to, String incidentType, String caseNumber,
                            String contact, String description, long publishedAt) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.requestPublished(this);
        }
    }

    /**
     * A request broke a rule and was refused; only the rule is kept.
     *
     * @param agencyId the agency
     * @param code the rule's code
     * @param field the field at fault
     */
    @JsonTypeName("request.refused")
    record RequestRefused(String agencyId, String code, String field) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.requestRefused(this);
        }
    }

    /**
     * The fan-out matched a request: the cameras it matched, from which the recipients follow.
     *
     * @param requestId the request
     * @param micros how long matching took from when it was scheduled, µs
     * @param cameras the index ids matched, ascending
     */
    @JsonTypeName("request.delivered")
    record RequestDelivered(String requestId, long micros, long[] cameras) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.requestDelivered(this);
        }
    }

    /**
     * An owner answered a request.
     *
     * @param requestId the request
     * @param ownerId the owner
     * @param action share or decline
     * @param clipIds the clips shared (none to decline)
     */
    @JsonTypeName("response.recorded")
    record ResponseRecorded(String requestId, String ownerId, String action, List<String> clipIds) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.responseRecorded(this);
        }
    }

    /**
     * The agency marked its request resolved.
     *
     * @param requestId the request
     */
    @JsonTypeName("request.resolved")
    record RequestResolved(String requestId) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.requestResolved(this);
        }
    }

    /**
     * A month's transparency report was computed and published: stored, so the month is always
     * answered with the same numbers (its noise is drawn once).
     *
     * @param month the month, {@code YYYY-MM} (UTC)
     * @param epsilon the privacy budget the noised counts were released under
     * @param agencies one row per agency registered by the month's end
     * @param treeHead the signed tree head covering every record the report counts
     */
    @JsonTypeName("report.published")
    record ReportPublished(String month, double epsilon, List<ReportRow> agencies, SignedTreeHead treeHead) implements JournalRecord {
        @Override
        public <T> T accept(Visitor<T> v) {
            return v.reportPublished(this);
        }
    }

    /**
     * One round of owners' changes ({@link Ledger#writeInRound}): the clips uploaded, the answers
     * given and the opt-outs and opt-ins made since the round before, in the order they were
     * decided, each applied as if it were a record of its own at this record's number and time.
     * The service writes one every round, empty or not, so how the public tree grows says nothing
     * about how many owners did anything.
     *
     * @param changes the changes, none of them a round; in JSON, each an object whose one member
     *     is the change's type name and holds its data
     */
    @JsonTypeName("owner.round")
    record OwnerRound(@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
                      List<JournalRecord> changes) implements JournalRecord {
        /**
         * @param changes the changes
         */
        public OwnerRound {
            changes = List.copyOf(changes);
            for (JournalRecord c : changes) {
                if (c instanceof OwnerRound) {
                    throw new IllegalArgumentException("an owner round holds no round within it");
                }
            }
        }

        @Override
        public <T> T accept(Visitor<T> v) {
            return v.ownerRound(this);
        }
    }

    /**
     * One agency's line of a transparency report.
     *
     * @param agencyId the agency
     * @param agencyName its name
     * @param requestsPublished requests it published in the month, exact
     * @param requestsRefused its filings refused in the month, by rule code, exact
     * @param ownersNotified owners its requests reached in the month, with Laplace noise
     * @param clipsShared owners who shared clips with its requests in the month, with Laplace noise
     */
    record ReportRow(String agencyId, String agencyName, long requestsPublished, Map<String, Long> requestsRefused, long ownersNotified,
                     long clipsShared) {
    }
}
