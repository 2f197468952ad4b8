package io.geomatch.examples.service.audit;

import io.geomatch.examples.files.AtomicFiles;
import io.geomatch.examples.files.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The service's Ed25519 key for signing tree heads, kept in the data directory (base64 of its
 * PKCS#8 encoding, mode 0600). Its public half is published raw (32 bytes, RFC 8032), so
 * verifiers need nothing but the bytes. Thread-safe.
 */
public final class AuditKey {
    /** The DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410), before its 32 raw bytes. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private final PrivateKey privateKey;
    private final byte[] publicRaw;
    private final SecretKeySpec macKey;

    private AuditKey(PrivateKey privateKey, byte[] publicRaw) {
        this.privateKey = privateKey;
        this.publicRaw = publicRaw;
        this.macKey = new SecretKeySpec(hmac(new SecretKeySpec(privateKey.getEncoded(), "HmacSHA256"),
            "geomatch-local-head-v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    /**
     * Reads the key from a file, or creates one there if the file does not exist. The file holds
     * two lines: base64 of the private key's PKCS#8 encoding, and of the public key's X.509
     * encoding; a pair that does not belong together is refused.
     *
     * @param file the key file
     * @param create whether to create a key if there is none
     * @return the key, or null if there is none and {@code create} is false
     * @throws IOException if it cannot be read or written, or is not an Ed25519 key pair
     */
    public static AuditKey open(Path file, boolean create) throws IOException {
        try {
            // Never written over through a link: the key it leads to may be on a volume that is not mounted.
            PrivateFiles.refuseAllButAFile(file, "the service's key is a file of two lines of base64");
            if (!Files.exists(file)) {
                if (!create) {
                    return null;
                }
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                AtomicFiles.write(file, (Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String[] lines = Files.readString(file).strip().split("\\s+");
            if (lines.length != 2) {
                throw new IllegalArgumentException("expected two lines, the private and the public key");
            }
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
            byte[] x509 = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1]))).getEncoded();
            AuditKey k = new AuditKey(key, Arrays.copyOfRange(x509, x509.length - 32, x509.length));
            byte[] probe = "geomatch-audit-key-check".getBytes(StandardCharsets.UTF_8);
            if (!verify(k.publicRaw, probe, k.sign(probe))) {
                throw new IllegalArgumentException("the public key does not belong to the private key");
            }
            return k;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    /**
     * An HMAC-SHA256 under a key derived from the private key: what the service stamps on the
     * head it records at every commit, which only it needs to check (Ed25519 signatures, for
     * anyone to check, cost about a thousand times more on this JDK).
     *
     * @param data what to authenticate
     * @return the 32-byte MAC
     */
    public byte[] mac(byte[] data) {
        return hmac(macKey, data);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** @return the raw 32-byte public key */
    public byte[] publicKey() {
        return publicRaw.clone();
    }

    /**
     * @param data what to sign
     * @return the Ed25519 signature
     */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the audit key", e);
        }
    }

    /**
     * @param publicKey a raw 32-byte Ed25519 public key
     * @param data what was signed
     * @param signature the signature
     * @return whether it verifies; malformed keys and signatures do not
     */
    public static boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(fromRaw(publicKey));
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param raw a raw 32-byte Ed25519 public key
     * @return it as a JDK key
     * @throws GeneralSecurityException if it is not one
     */
    public static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(raw, 0, x509, X509_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    }
}
