package io.geomatch.examples.service;

import io.geomatch.examples.service.directory.Device;
import io.geomatch.examples.service.directory.Directory;
import io.geomatch.examples.service.directory.Owner;
import io.geomatch.examples.service.evidence.Evidence;
import io.geomatch.examples.service.fanout.DeviceIndex;
import io.geomatch.examples.service.journal.Journal;
import io.geomatch.examples.service.journal.JournalRecord;
import io.geomatch.examples.service.report.TransparencyReports;
import io.geomatch.examples.service.requests.Requests;
import io.geomatch.examples.sim.SimulatedFleet;
import io.geomatch.world.CameraWorld;

/**
 * The one mapping from journal records to state and index changes, for live commits and replay
 * alike: each record type is handled by the component of its concern, and the index changes it
 * implies are queued in journal order. Called by one thread at a time (the writer, or the replay
 * on open).
 */
final class StateMachine implements JournalRecord.Visitor<Void> {
    private final Directory directory;
    private final Requests requests;
    private final Evidence evidence;
    private final DeviceIndex index;
    private final TransparencyReports reports;
    private long atMillis;
    private long seq;

    StateMachine(Directory directory, Requests requests, Evidence evidence, DeviceIndex index, TransparencyReports reports) {
        this.directory = directory;
        this.requests = requests;
        this.evidence = evidence;
        this.index = index;
        this.reports = reports;
    }

    void apply(Journal.Entry e) {
        atMillis = e.atMillis();
        seq = e.seq();
        e.record().accept(this);
    }

    /**
     * Checks, before a record is journaled, that the index can take the changes it implies.
     *
     * @param r the record
     * @throws DeviceIndex.RefusedException naming the field if it cannot
     */
    void check(JournalRecord r) {
        if (r instanceof JournalRecord.DeviceAdded d) {
            index.checkDevice(d.lat(), d.lon(), d.retentionDays(), d.view());
        } else if (r instanceof JournalRecord.ClipUploaded c) {
            index.checkFootage(c.start(), c.end());
        }
    }

    @Override
    public Void operatorCreated(JournalRecord.OperatorCreated r) {
        directory.apply(r);
        reports.started(atMillis);
        return null;
    }

    @Override
    public Void worldSimulated(JournalRecord.WorldSimulated r) {
        CameraWorld world = CameraWorld.generate(r.devices(), r.historyDays(), r.nowMillis(), r.seed());
        directory.apply(new SimulatedFleet(world), r.nowMillis() - r.historyDays() * 86_400_000L);
        index.loadWorld(world);
        return null;
    }

    @Override
    public Void agencyCreated(JournalRecord.AgencyCreated r) {
        directory.apply(r, atMillis);
        return null;
    }

    @Override
    public Void ownerCreated(JournalRecord.OwnerCreated r) {
        directory.apply(r);
        return null;
    }

    @Override
    public Void deviceAdded(JournalRecord.DeviceAdded r) {
        Device d = directory.apply(r, atMillis);
        upsert(d, directory.owner(d.ownerId()));
        return null;
    }

    @Override
    public Void ownerOptedOut(JournalRecord.OwnerOptedOut r) {
        optOut(r.ownerId(), true);
        return null;
    }

    @Override
    public Void ownerOptedIn(JournalRecord.OwnerOptedIn r) {
        optOut(r.ownerId(), false);
        return null;
    }

    private void optOut(String ownerId, boolean optedOut) {
        Owner o = directory.applyOptOut(ownerId, optedOut);
        for (Device d : o.devices()) {
            upsert(d, o);
        }
    }

    private void upsert(Device d, Owner o) {
        index.upsertDevice(seq, d.indexId(), d.latDegrees(), d.lonDegrees(), !o.optedOut() && d.optedIn(), d.e2ee(), d.retentionDays(),
            d.view());
    }

    @Override
    public Void clipUploaded(JournalRecord.ClipUploaded r) {
        Device d = evidence.apply(r, atMillis);
        index.addFootage(seq, d.indexId(), r.start(), r.end());
        return null;
    }

    @Override
    public Void requestPublished(JournalRecord.RequestPublished r) {
        requests.apply(r, seq);
        return null;
    }

    @Override
    public Void requestRefused(JournalRecord.RequestRefused r) {
        requests.apply(r, atMillis);
        return null;
    }

    @Override
    public Void requestDelivered(JournalRecord.RequestDelivered r) {
        requests.apply(r, atMillis);
        return null;
    }

    @Override
    public Void responseRecorded(JournalRecord.ResponseRecorded r) {
        requests.apply(r, atMillis);
        evidence.apply(r, atMillis);
        return null;
    }

    @Override
    public Void requestResolved(JournalRecord.RequestResolved r) {
        requests.apply(r, atMillis);
        return null;
    }

    @Override
    public Void reportPublished(JournalRecord.ReportPublished r) {
        reports.apply(r);
        return null;
    }

    /** The round's changes, in order, each at the round's number and time (as the ledger applied them when deciding). */
    @Override
    public Void ownerRound(JournalRecord.OwnerRound r) {
        for (JournalRecord change : r.changes()) {
            change.accept(this);
        }
        return null;
    }
}
