package io.geomatch.examples.service.evidence;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.Signatures;
import io.geomatch.examples.service.directory.Device;

import java.io.IOException;
import java.time.Instant;

/**
 * A clip a device uploaded, with the device's signature over
 * {@code deviceId\nstart\nend\nsha256hex(content)}; its content is in the {@link EvidenceStore}
 * under its hash, never on the heap. Immutable.
 */
public final class Clip {
    private final String id;
    private final Device device;
    private final long startMillis;
    private final long endMillis;
    private final String sha256;
    private final long bytes;
    private final byte[] signature;
    private final long uploadedAtMillis;

    Clip(String id, Device device, long startMillis, long endMillis, String sha256, long bytes, byte[] signature, long uploadedAtMillis) {
        this.id = id;
        this.device = device;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.sha256 = sha256;
        this.bytes = bytes;
        this.signature = signature;
        this.uploadedAtMillis = uploadedAtMillis;
    }

    /** @return when it was uploaded, epoch ms */
    public long uploadedAtMillis() {
        return uploadedAtMillis;
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

    /** @return the content's length */
    public long bytes() {
        return bytes;
    }

    /** @return what its owner sees in the feed */
    public Api.ClipView view() {
        return new Api.ClipView(id, device.id(), Instant.ofEpochMilli(startMillis).toString(), Instant.ofEpochMilli(endMillis).toString(), sha256);
    }

    /**
     * @param store where the content is
     * @return the content hash (of what is stored now) and the signature, checked now
     */
    public Api.Verification verify(EvidenceStore store) {
        String text = Signatures.signedText(device.id(), startMillis, endMillis, sha256);
        boolean hashOk;
        try {
            hashOk = sha256.equals(store.hashOf(sha256));
        } catch (IOException e) {
            hashOk = false;
        }
        boolean sigOk = Signatures.verify(device.publicKey(), text, signature);
        return new Api.Verification(Signatures.ALGORITHM, text, hashOk, sigOk, null, null);
    }
}
