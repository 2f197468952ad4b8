package io.geomatch.examples.service.evidence;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.directory.Device;

import java.time.Instant;

/**
 * A clip a device uploaded, with the device's signature over
 * {@code deviceId\nstart\nend\nsha256hex(content)}. Immutable.
 */
public final class Clip {
    private final String id;
    private final Device device;
    private final long startMillis;
    private final long endMillis;
    private final String sha256;
    private final byte[] signature;
    private final byte[] content;

    Clip(String id, Device device, long startMillis, long endMillis, String sha256, byte[] signature, byte[] content) {
        this.id = id;
        this.device = device;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.sha256 = sha256;
        this.signature = signature;
        this.content = content;
    }

    /** @return its id */
    public String id() {
        return id;
    }

    /** @return the device that recorded it */
    public Device device() {
        return device;
    }

    /** @return start, epoch ms */
    public long startMillis() {
        return startMillis;
    }

    /** @return end, exclusive, epoch ms */
    public long endMillis() {
        return endMillis;
    }

    /** @return SHA-256 of the content as uploaded, lower-case hex */
    public String sha256() {
        return sha256;
    }

    /** @return the device's signature (a copy) */
    public byte[] signature() {
        return signature.clone();
    }

    /** @return the content (a copy) */
    public byte[] content() {
        return content.clone();
    }

    /** @return what its owner sees in the feed */
    public Api.ClipView view() {
        return new Api.ClipView(id, device.id(), Instant.ofEpochMilli(startMillis).toString(), Instant.ofEpochMilli(endMillis).toString(), sha256);
    }

    /** @return the content hash and the signature checked now */
    public Api.Verification verify() {
        String text = Signatures.signedText(device.id(), startMillis, endMillis, sha256);
        boolean hashOk = AuditLog.sha256(content).equals(sha256);
        boolean sigOk = Signatures.verify(device.publicKey(), text, signature);
        return new Api.Verification(Signatures.ALGORITHM, text, hashOk, sigOk, null, null);
    }
}
