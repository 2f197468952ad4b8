package io.geomatch.examples.service;

import io.geomatch.examples.service.policy.ClipRules;
import io.geomatch.examples.service.policy.ReportRules;

import java.util.function.LongSupplier;

/**
 * How a {@link CommunityService} runs: its clock, durability, limits and an optional simulated
 * world. Immutable; each setter returns a copy.
 */
public final class ServiceOptions {
    private static final long NO_WORLD_NOW = Long.MIN_VALUE;

    /** Default per-agency limit of published requests in any rolling hour (a rule of {@code service.policy}). */
    public static final int DEFAULT_REQUESTS_PER_HOUR = io.geomatch.examples.service.policy.RequestLimits.DEFAULT_REQUESTS_PER_HOUR;

    private final LongSupplier clock;
    private final boolean durable;
    private final int requestsPerHour;
    private final int simulatedDevices;
    private final long simulationSeed;
    private final int historyDays;
    private final long ownerQuotaBytes;
    private final long worldNowMillis;
    private final double reportEpsilon;

    private ServiceOptions(LongSupplier clock, boolean durable, int requestsPerHour, int simulatedDevices, long simulationSeed,
                           int historyDays, long ownerQuotaBytes, long worldNowMillis, double reportEpsilon) {
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
     *     of clips per owner, epsilon 1 per monthly report, no simulated world
     */
    public static ServiceOptions defaults() {
        return new ServiceOptions(System::currentTimeMillis, true, DEFAULT_REQUESTS_PER_HOUR, 0, 0, 3,
            ClipRules.DEFAULT_OWNER_QUOTA_BYTES, NO_WORLD_NOW, ReportRules.DEFAULT_EPSILON);
    }

    /**
     * @param millis the clock, epoch ms; the simulator passes its simulated clock
     * @return a copy with that clock
     */
    public ServiceOptions clock(LongSupplier millis) {
        return new ServiceOptions(millis, durable, requestsPerHour, simulatedDevices, simulationSeed,
            historyDays, ownerQuotaBytes, worldNowMillis, reportEpsilon);
    }

    /**
     * @param fsync true to force every change to the device before acknowledging it (survives
     *     power loss); false to only write it (survives kill -9, not an OS crash)
     * @return a copy with that durability
     */
    public ServiceOptions durable(boolean fsync) {
        return new ServiceOptions(clock, fsync, requestsPerHour, simulatedDevices, simulationSeed,
            historyDays, ownerQuotaBytes, worldNowMillis, reportEpsilon);
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
            historyDays, ownerQuotaBytes, worldNowMillis, reportEpsilon);
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
            days, ownerQuotaBytes, worldNowMillis, reportEpsilon);
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
            historyDays, ownerQuotaBytes, millis, reportEpsilon);
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
            historyDays, bytes, worldNowMillis, reportEpsilon);
    }

    /**
     * @param epsilon the privacy budget of each monthly transparency report, 0.01..10 (smaller:
     *     more noise, more privacy)
     * @return a copy with that budget
     */
    public ServiceOptions reportEpsilon(double epsilon) {
        return new ServiceOptions(clock, durable, requestsPerHour, simulatedDevices, simulationSeed, historyDays, ownerQuotaBytes,
            worldNowMillis, ReportRules.checkEpsilon(epsilon));
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
