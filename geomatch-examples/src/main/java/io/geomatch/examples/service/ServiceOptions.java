package io.geomatch.examples.service;

import io.geomatch.examples.service.audit.StartChecks;
import io.geomatch.examples.service.policy.ClipRules;
import io.geomatch.examples.service.policy.ReportRules;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How a {@link CommunityService} runs: its clock, durability, limits and an optional simulated
 * world. Immutable; each setter returns a copy.
 */
public final class ServiceOptions {
    private static final long NO_WORLD_NOW = Long.MIN_VALUE;

    /** Default per-agency limit of published requests in any rolling hour (a rule of {@code service.policy}). */
    public static final int DEFAULT_REQUESTS_PER_HOUR = io.geomatch.examples.service.policy.RequestLimits.DEFAULT_REQUESTS_PER_HOUR;

    /** Default length of a round of owners' changes, ms. */
    public static final long DEFAULT_OWNER_ROUND_MILLIS = 1000;
    /**
     * Longest round of owners' changes, ms: an owner's call waits up to a round, on a connection
     * that must not sit silent past {@code serve}'s idle timeout (30 s).
     */
    public static final long MAX_OWNER_ROUND_MILLIS = 10_000;

    private final LongSupplier clock;
    private final boolean durable;
    private final int requestsPerHour;
    private final int simulatedDevices;
    private final long simulationSeed;
    private final int historyDays;
    private final long ownerQuotaBytes;
    private final long worldNowMillis;
    private final double reportEpsilon;
    private final StartChecks startChecks;
    private final List<String> clusterMembers;
    private final long ownerRoundMillis;

    private ServiceOptions(LongSupplier clock, boolean durable, int requestsPerHour, int simulatedDevices, long simulationSeed,
                           int historyDays, long ownerQuotaBytes, long worldNowMillis, double reportEpsilon, List<String> clusterMembers,
                           StartChecks startChecks, long ownerRoundMillis) {
        this.ownerRoundMillis = ownerRoundMillis;
        this.clusterMembers = clusterMembers;
        this.startChecks = startChecks;
        this.clock = clock;
        this.durable = durable;
        this.requestsPerHour = requestsPerHour;
        this.simulatedDevices = simulatedDevices;
        this.simulationSeed = simulationSeed;
        this.historyDays = historyDays;
        this.ownerQuotaBytes = ownerQuotaBytes;
        this.worldNowMillis = worldNowMillis;
        this.reportEpsilon = reportEpsilon;
    }

    /**
     * @return the system clock, fsync before every acknowledgement, 10 requests per hour, 64 MiB
     *     of clips per owner, epsilon 1 per monthly report, owners' changes committed in rounds of
     *     {@value #DEFAULT_OWNER_ROUND_MILLIS} ms, no simulated world
     */
    public static ServiceOptions defaults() {
        return new ServiceOptions(System::currentTimeMillis, true, DEFAULT_REQUESTS_PER_HOUR, 0, 0, 3,
            ClipRules.DEFAULT_OWNER_QUOTA_BYTES, NO_WORLD_NOW, ReportRules.DEFAULT_EPSILON, List.of(), StartChecks.DEFAULTS, DEFAULT_OWNER_ROUND_MILLIS);
    }

    /**
     * @param millis the clock, epoch ms; the simulator passes its simulated clock
     * @return a copy with that clock
     */
    public ServiceOptions clock(LongSupplier millis) {
        return new ServiceOptions(millis, durable, requestsPerHour, simulatedDevices, simulationSeed,
            historyDays, ownerQuotaBytes, worldNowMillis, reportEpsilon, clusterMembers, startChecks, ownerRoundMillis);
    }

    /**
     * @param fsync true to force every change to the device before acknowledging it (survives
     *     power loss); false to only write it (survives kill -9, not an OS crash)
     * @return a copy with that durability
     */
    public ServiceOptions durable(boolean fsync) {
        return new ServiceOptions(clock, fsync, requestsPerHour, simulatedDevices, simulationSeed,
            historyDays, ownerQuotaBytes, worldNowMillis, reportEpsilon, clusterMembers, startChecks, ownerRoundMillis);
    }

    /**
     * @param limit published requests per agency in any rolling hour, 1..10000
     * @return a copy with that limit
     */
    public ServiceOptions requestsPerHour(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("requestsPerHour=" + limit + " is out of range, allowed 1..10000");
        }
        return new ServiceOptions(clock, durable, limit, simulatedDevices, simulationSeed,
            historyDays, ownerQuotaBytes, worldNowMillis, reportEpsilon, clusterMembers, startChecks, ownerRoundMillis);
    }

    /**
     * A simulated world populated on first start (and regenerated from the journal after that).
     *
     * @param devices simulated devices, 0 (none) ..50,000,000
     * @param seed the world's seed
     * @param days days of footage history before the first start, 1..30
     * @return a copy that populates that world
     */
    public ServiceOptions simulate(int devices, long seed, int days) {
        if (devices < 0 || devices > 50_000_000) {
            throw new IllegalArgumentException("devices=" + devices + " is out of range, allowed 0..50000000");
        }
        if (days < 1 || days > 30) {
            throw new IllegalArgumentException("historyDays=" + days + " is out of range, allowed 1..30");
        }
        return new ServiceOptions(clock, durable, requestsPerHour, devices, seed,
            days, ownerQuotaBytes, worldNowMillis, reportEpsilon, clusterMembers, startChecks, ownerRoundMillis);
    }

    /**
     * Where a simulated world's history ends, if not at the clock when it is populated: the demo
     * registers its owners first and then moves the clock to the world's present.
     *
     * @param millis epoch ms
     * @return a copy with that world present
     */
    public ServiceOptions worldNow(long millis) {
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed,
            historyDays, ownerQuotaBytes, millis, reportEpsilon, clusterMembers, startChecks, ownerRoundMillis);
    }

    long worldNowMillis(long clockMillis) {
        return worldNowMillis == NO_WORLD_NOW ? clockMillis : worldNowMillis;
    }

    /**
     * @param bytes bytes of clips each owner may store, 1 MiB..1 TiB
     * @return a copy with that quota
     */
    public ServiceOptions ownerQuotaBytes(long bytes) {
        if (bytes < (1L << 20) || bytes > (1L << 40)) {
            throw new IllegalArgumentException("ownerQuotaBytes=" + bytes + " is out of range, allowed 1048576..1099511627776");
        }
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed,
            historyDays, bytes, worldNowMillis, reportEpsilon, clusterMembers, startChecks, ownerRoundMillis);
    }

    /**
     * @param epsilon the privacy budget of each monthly transparency report, 0.01..10 (smaller:
     *     more noise, more privacy)
     * @return a copy with that budget
     */
    public ServiceOptions reportEpsilon(double epsilon) {
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed, historyDays, ownerQuotaBytes,
            worldNowMillis, ReportRules.checkEpsilon(epsilon), clusterMembers, startChecks, ownerRoundMillis);
    }

    /**
     * @param cut true to let the start cut journal records that lie past the surviving tree head
     *     when a slot of {@code audit.head} or {@code audit.sth} is damaged (by a crash while writing
     *     it, or tampering); those records may have been acknowledged, so by default the service
     *     refuses to start instead ({@code serve --cut-unacknowledged})
     * @return a copy with that choice
     */
    public ServiceOptions cutUnacknowledged(boolean cut) {
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed, historyDays, ownerQuotaBytes,
            worldNowMillis, reportEpsilon, clusterMembers, startChecks.withCutUnacknowledged(cut), ownerRoundMillis);
    }

    /**
     * @param file a witness file kept outside the data directory, where whoever can write the data
     *     directory cannot ({@code serve --witness}); the service records every commit's tree head
     *     there too and refuses to start on a journal or head files older than it (see
     *     {@link StartChecks}); null for none
     * @return a copy with that witness
     */
    public ServiceOptions witness(Path file) {
        return witness(file, false);
    }

    /**
     * As {@link #witness(Path)}, choosing whether a missing or empty witness may be given the head
     * of an existing journal ({@code serve --witness-init}): without that choice the service refuses
     * to start on it, since an unmounted witness volume looks the same. A damaged witness is refused
     * either way and never written over.
     *
     * @param file the witness file, or null for none
     * @param init whether to start witnessing an existing journal
     * @return a copy with that witness
     */
    public ServiceOptions witness(Path file, boolean init) {
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed, historyDays, ownerQuotaBytes,
            worldNowMillis, reportEpsilon, clusterMembers, startChecks.withWitness(file, init), ownerRoundMillis);
    }

    StartChecks startChecks() {
        return startChecks;
    }

    /**
     * @param members host:port of one or more members of a geomatch cluster (started with
     *     {@code cluster node --bucket 1}), or none for the local index in the data directory
     * @return a copy whose fan-out matches against that cluster; the journal stays in the data
     *     directory and is replayed into the cluster on every start
     */
    public ServiceOptions cluster(List<String> members) {
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed, historyDays, ownerQuotaBytes,
            worldNowMillis, reportEpsilon, List.copyOf(members), startChecks, ownerRoundMillis);
    }

    /**
     * How often owners' changes (clip uploads, answers to requests, opt-outs and opt-ins) are
     * committed: one journal record every round, whatever it holds, so that the public tree's size
     * does not count what owners do. An owner's call waits for the next round. Shorter rounds answer
     * owners sooner and grow the log faster (86,400 records a day at 1 s).
     *
     * @param millis the round, ms, 1..{@value #MAX_OWNER_ROUND_MILLIS}
     * @return options with that round
     */
    public ServiceOptions ownerRoundMillis(long millis) {
        if (millis < 1 || millis > MAX_OWNER_ROUND_MILLIS) {
            throw new IllegalArgumentException("ownerRoundMillis=" + millis + " is out of range, allowed 1.." + MAX_OWNER_ROUND_MILLIS);
        }
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed, historyDays, ownerQuotaBytes,
            worldNowMillis, reportEpsilon, clusterMembers, startChecks, millis);
    }

    long ownerRoundMillis() {
        return ownerRoundMillis;
    }

    List<String> clusterMembers() {
        return clusterMembers;
    }

    double reportEpsilon() {
        return reportEpsilon;
    }

    long ownerQuotaBytes() {
        return ownerQuotaBytes;
    }

    LongSupplier clock() {
        return clock;
    }

    boolean durable() {
        return durable;
    }

    int requestsPerHour() {
        return requestsPerHour;
    }

    int simulatedDevices() {
        return simulatedDevices;
    }

    long simulationSeed() {
        return simulationSeed;
    }

    int historyDays() {
        return historyDays;
    }
}
