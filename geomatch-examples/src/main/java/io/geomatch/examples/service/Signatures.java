package io.geomatch.examples.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import io.geomatch.examples.service.audit.AuditLog;

/**
 * Ed25519 device signatures over clips, and the platform's bearer tokens. Stateless and
 * thread-safe.
 */
public final class Signatures {
    /** The signature algorithm devices use. */
    public static final String ALGORITHM = "Ed25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /**
     * The exact text a device signs for a clip.
     *
     * @param deviceId the device id
     * @param startMillis clip start, epoch ms
     * @param endMillis clip end, epoch ms
     * @param sha256Hex SHA-256 of the content, lower-case hex
     * @return {@code deviceId\nstartMillis\nendMillis\nsha256Hex}
     */
    public static String signedText(String deviceId, long startMillis, long endMillis, String sha256Hex) {
        return deviceId + "\n" + startMillis + "\n" + endMillis + "\n" + sha256Hex;
    }

    /**
     * Signs a clip as a device would.
     *
     * @param key the device's private key
     * @param deviceId the device id
     * @param startMillis clip start, epoch ms
     * @param endMillis clip end, epoch ms
     * @param content the content
     * @return the signature
     */
    public static byte[] sign(PrivateKey key, String deviceId, long startMillis, long endMillis, byte[] content) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(signedText(deviceId, startMillis, endMillis, AuditLog.sha256(content)).getBytes(StandardCharsets.UTF_8));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /**
     * @param key the device public key
     * @param text the signed text
     * @param signature the signature
     * @return whether it verifies; malformed signatures are simply invalid
     */
    public static boolean verify(PublicKey key, String text, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param base64 base64 of an X.509-encoded Ed25519 public key
     * @return the key
     * @throws ServiceException (422, field {@code publicKey}) if it is not one
     */
    public static PublicKey publicKey(String base64) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw ServiceException.invalid("invalid-public-key", "publicKey",
                "publicKey is not base64 of an X.509-encoded Ed25519 public key");
        }
    }

    /**
     * @param key a public key
     * @return base64 of its X.509 encoding
     */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** @return a new random bearer token: 32 random bytes, base64url without padding */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param prefix the id's prefix, such as {@code req}
     * @return a new random id such as {@code req_4f0c2a9e1b7d}
     */
    public static String newId(String prefix) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * @param token a bearer token
     * @return the hash the service stores instead of it
     */
    public static String tokenHash(String token) {
        return AuditLog.sha256("geomatch-token\n" + token);
    }
}
