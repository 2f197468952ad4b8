package io.geomatch.examples.service.report;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.audit.SignedTreeHead;
import io.geomatch.examples.service.directory.Agency;
import io.geomatch.examples.service.directory.Directory;
import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.service.journal.Ledger;
import io.geomatch.examples.service.policy.ReportRules;
import io.geomatch.examples.service.policy.SharingRules;
import io.geomatch.examples.service.requests.Request;
import io.geomatch.examples.service.requests.Requests;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The monthly transparency report: per agency, requests published and refused (exact) and owners
 * notified and owners who shared clips (differentially private, see {@code ReportRules}). A month
 * is computed once, on the first call after it ended, and journaled with its numbers and the
 * signed tree head covering the records it counts, so the same month is always answered alike
 * (the noise is not drawn again) and anyone can check the report is in the audit log. Reads need
 * no lock.
 */
public final class TransparencyReports {
    private final Ledger ledger;
    private final Directory directory;
    private final Requests requests;
    private final LongSupplier clock;
    private final double epsilon;
    private final Supplier<SignedTreeHead> head;
    private final LaplaceNoise noise;
    private final Map<String, JournalRecord.ReportPublished> byMonth = new ConcurrentHashMap<>();
    private volatile long startedAtMillis = Long.MAX_VALUE;

    /**
     * @param ledger commits reports
     * @param directory the agencies
     * @param requests requests, refusals, deliveries and answers
     * @param clock the service's clock, epoch ms
     * @param epsilon the privacy budget of each monthly release
     * @param head signs (if needed) and returns the head covering every acknowledged record
     * @param noise the Laplace mechanism
     */
    public TransparencyReports(Ledger ledger, Directory directory, Requests requests, LongSupplier clock, double epsilon,
                               Supplier<SignedTreeHead> head, LaplaceNoise noise) {
        this.ledger = ledger;
        this.directory = directory;
        this.requests = requests;
        this.clock = clock;
        this.epsilon = ReportRules.checkEpsilon(epsilon);
        this.head = head;
        this.noise = noise;
    }

    /**
     * The report of a month (public).
     *
     * @param month {@code YYYY-MM}
     * @return the report, computed and stored on the first call after the month ended
     */
    public Api.TransparencyReport report(String month) {
        YearMonth m = ReportRules.check(month, clock.getAsLong(), startedAtMillis);
        JournalRecord.ReportPublished stored = byMonth.get(m.toString());
        if (stored != null) {
            return view(stored);
        }
        SignedTreeHead covering = head.get();
        return ledger.write(tx -> {
            JournalRecord.ReportPublished again = byMonth.get(m.toString());
            if (again == null) {
                tx.commit(new JournalRecord.ReportPublished(m.toString(), epsilon, rows(m), covering));
                again = byMonth.get(m.toString());
            }
            return view(again);
        });
    }

    private List<JournalRecord.ReportRow> rows(YearMonth m) {
        long start = ReportRules.startMillis(m);
        long end = ReportRules.endMillis(m);
        Map<String, Long> published = new TreeMap<>();
        List<ContributionBounds.Event> notified = new ArrayList<>();
        List<ContributionBounds.Event> shared = new ArrayList<>();
        for (Request r : requests.all()) {
            String agency = r.agency().id();
            if (r.publishedAtMillis() >= start && r.publishedAtMillis() < end) {
                published.merge(agency, 1L, Long::sum);
            }
            Request.Delivery d = r.delivery();
            if (d != null && d.atMillis() >= start && d.atMillis() < end) {
                for (String owner : d.recipients()) {
                    notified.add(new ContributionBounds.Event(owner, agency, d.atMillis(), r.seq()));
                }
            }
            for (Map.Entry<String, Request.Response> e : r.responses().entrySet()) {
                Request.Response resp = e.getValue();
                if (resp.action().equals(SharingRules.SHARE) && resp.atMillis() >= start && resp.atMillis() < end) {
                    shared.add(new ContributionBounds.Event(e.getKey(), agency, resp.atMillis(), r.seq()));
                }
            }
        }
        Map<String, Map<String, Long>> refused = new TreeMap<>();
        for (List<Requests.Refusal> list : requests.refusals().values()) {
            for (Requests.Refusal f : list) {
                if (f.atMillis() >= start && f.atMillis() < end) {
                    refused.computeIfAbsent(f.agencyId(), k -> new TreeMap<>()).merge(f.code(), 1L, Long::sum);
                }
            }
        }
        Map<String, Long> notifiedCounts = ContributionBounds.firstPerOwner(notified);
        Map<String, Long> sharedCounts = ContributionBounds.firstPerOwner(shared);
        double scale = ReportRules.SENSITIVITY / epsilon;
        List<Agency> agencies = new ArrayList<>();
        for (Agency a : directory.agencies()) {
            if (a.createdAtMillis() < end) {
                agencies.add(a);
            }
        }
        agencies.sort(Comparator.comparingLong(Agency::createdAtMillis).thenComparing(Agency::id));
        List<JournalRecord.ReportRow> rows = new ArrayList<>();
        for (Agency a : agencies) {
            rows.add(new JournalRecord.ReportRow(a.id(), a.name(), published.getOrDefault(a.id(), 0L),
                refused.getOrDefault(a.id(), new TreeMap<>()), noise.release(notifiedCounts.getOrDefault(a.id(), 0L), scale),
                noise.release(sharedCounts.getOrDefault(a.id(), 0L), scale)));
        }
        return rows;
    }

    private static Api.TransparencyReport view(JournalRecord.ReportPublished r) {
        List<Api.ReportRow> rows = new ArrayList<>();
        for (JournalRecord.ReportRow row : r.agencies()) {
            rows.add(new Api.ReportRow(row.agencyId(), row.agencyName(), row.requestsPublished(), row.requestsRefused(),
                row.ownersNotified(), row.clipsShared()));
        }
        String method = "requestsPublished and requestsRefused are exact. ownersNotified and clipsShared (owners who shared at least"
            + " one clip) carry Laplace noise of scale " + ReportRules.SENSITIVITY + "/epsilon = " + plain(ReportRules.SENSITIVITY / r.epsilon())
            + ", rounded and floored at 0; each owner counts at most once in all ownersNotified counts and at most once in all"
            + " clipsShared counts (for the agency it met first that month), so this release is " + plain(r.epsilon())
            + "-differentially private for owners.";
        return new Api.TransparencyReport(r.month(), r.epsilon(), method, rows, r.treeHead());
    }

    private static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- apply

    /**
     * Notes when the service started (its first record): no month before it is reported.
     *
     * @param atMillis the first record's time
     */
    public void started(long atMillis) {
        if (startedAtMillis == Long.MAX_VALUE) {
            startedAtMillis = atMillis;
        }
    }

    /**
     * Applies {@code report.published}.
     *
     * @param r the record
     */
    public void apply(JournalRecord.ReportPublished r) {
        byMonth.put(r.month(), r);
    }
}
