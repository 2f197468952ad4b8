package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.ServiceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static io.geomatch.examples.service.http.LifecycleHttpTest.assertError;
import static io.geomatch.examples.service.http.ServiceFixture.HOUR;
import static io.geomatch.examples.service.http.ServiceFixture.LAT;
import static io.geomatch.examples.service.http.ServiceFixture.LON;
import static io.geomatch.examples.service.http.ServiceFixture.NOW;
import static io.geomatch.examples.service.http.ServiceFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transparency log checked from outside with nothing but the public endpoints and a verifier
 * written here from RFC 9162 (sections 2.1.1, 2.1.3.2 and 2.1.4.2) and RFC 8032, not the
 * service's code: every signed tree head's signature, the root of every head from the records
 * themselves, every record's inclusion proof, and the consistency proof between every pair of
 * heads a witness saved along the way.
 */
class TransparencyLogHttpTest {
    @TempDir
    Path dir;

    @Test
    void shouldProveEveryRecordAndEveryHeadToAnIndependentVerifier() throws Exception {
        try (ServiceFixture f = new ServiceFixture(dir)) {
            byte[] publicKey = Base64.getDecoder().decode(f.api.get("/v1/audit/key", null).body().get("publicKey").asText());
            assertThat(publicKey).hasSize(32);
            List<JsonNode> heads = new ArrayList<>();
            heads.add(head(f));
            JsonNode agency = f.agency("Cook County Sheriff");
            heads.add(head(f));
            List<JsonNode> owners = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode owner = f.owner("Owner" + i);
                owners.add(owner);
                f.device(owner, "door-" + i, LAT + i * 0.0001, LON, false, ApiClient.newKey());
                heads.add(head(f));
            }
            ApiClient.Reply filed = f.file(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "T-1");
            assertThat(filed.status()).isEqualTo(202);
            long leafIndex = filed.body().get("leafIndex").asLong();
            f.awaitFanOut();
            for (int i = 0; i < 4; i++) {
                f.file(agency, LAT, LON, 0.1, NOW - 6 * HOUR, NOW - HOUR, "T-" + (i + 2));
                f.awaitFanOut();
                assertThat(f.api.post("/v1/owners/" + owners.get(i).get("id").asText() + "/opt-out", token(owners.get(i)), null)
                    .status()).isEqualTo(200);
                heads.add(head(f));
            }
            long n = heads.get(heads.size() - 1).get("treeSize").asLong();
            assertThat(n).isGreaterThan(20);

            // every head is signed by the published key
            for (JsonNode h : heads) {
                assertThat(Rfc.verifySignature(publicKey, h)).as("signature of head %s", h).isTrue();
            }
            // the records themselves give every head's root
            List<byte[]> leaves = new ArrayList<>();
            for (long start = 0; start < n; start += 7) {   // pages of 7, to cross page boundaries
                long end = Math.min(n, start + 7);
                JsonNode page = f.api.get("/v1/audit/entries?start=" + start + "&end=" + end, f.operator).body().get("entries");
                assertThat(page).hasSize((int) (end - start));
                page.forEach(e -> leaves.add(Rfc.leafHash(e.asText().getBytes(StandardCharsets.UTF_8))));
            }
            for (JsonNode h : heads) {
                int size = h.get("treeSize").asInt();
                assertThat(HexFormat.of().formatHex(Rfc.mth(leaves.subList(0, size)))).as("root of %d records", size)
                    .isEqualTo(h.get("rootHash").asText());
            }
            // every record is in the latest tree, and in each earlier head's tree
            for (JsonNode h : heads) {
                int size = h.get("treeSize").asInt();
                byte[] root = HexFormat.of().parseHex(h.get("rootHash").asText());
                for (int k = 0; k < size; k++) {
                    JsonNode proof = f.api.get("/v1/audit/inclusion?index=" + k + "&treeSize=" + size, null).body();
                    assertThat(proof.get("leafIndex").asLong()).isEqualTo(k);
                    assertThat(Rfc.verifyInclusion(k, size, leaves.get(k), hashes(proof.get("auditPath")), root))
                        .as("inclusion of record %d in a tree of %d", k, size).isTrue();
                }
            }
            // each head a witness saved is consistent with every later one
            for (int i = 0; i < heads.size(); i++) {
                for (int j = i + 1; j < heads.size(); j++) {
                    long m = heads.get(i).get("treeSize").asLong();
                    long s = heads.get(j).get("treeSize").asLong();
                    if (m == 0 || m == s) {
                        continue;
                    }
                    JsonNode proof = f.api.get("/v1/audit/consistency?first=" + m + "&second=" + s, null).body();
                    assertThat(Rfc.verifyConsistency(m, s, HexFormat.of().parseHex(heads.get(i).get("rootHash").asText()),
                        HexFormat.of().parseHex(heads.get(j).get("rootHash").asText()), hashes(proof.get("proof"))))
                        .as("consistency of %d and %d", m, s).isTrue();
                }
            }
            // the agency's own request: its publication record, proved in the latest tree
            JsonNode record = ApiClient.JSON.readTree(f.api.get("/v1/audit/entries?start=" + leafIndex + "&end=" + (leafIndex + 1),
                f.operator).body().get("entries").get(0).asText());
            assertThat(record.get("type").asText()).isEqualTo("request.published");
            assertThat(record.at("/data/id").asText()).isEqualTo(filed.body().get("id").asText());

            // the verifier is not vacuous: a changed proof, another leaf or a changed head fail
            JsonNode last = heads.get(heads.size() - 1);
            byte[] root = HexFormat.of().parseHex(last.get("rootHash").asText());
            List<byte[]> path = hashes(f.api.get("/v1/audit/inclusion?index=3&treeSize=" + n, null).body().get("auditPath"));
            assertThat(Rfc.verifyInclusion(3, n, leaves.get(4), path, root)).isFalse();
            path.get(0)[0] ^= 1;
            assertThat(Rfc.verifyInclusion(3, n, leaves.get(3), path, root)).isFalse();
            ((com.fasterxml.jackson.databind.node.ObjectNode) last).put("treeSize", n - 1);
            assertThat(Rfc.verifySignature(publicKey, last)).isFalse();
        }
    }

    @Test
    void shouldRefuseProofsBeyondTheSignedTreeAndEntriesToAnyoneButTheOperator() throws Exception {
        // No owner calls: the longest rounds (10 s) keep the tree from growing past the head read here.
        try (ServiceFixture f = new ServiceFixture(dir, ServiceOptions.defaults().ownerRoundMillis(ServiceOptions.MAX_OWNER_ROUND_MILLIS).durable(false))) {
            JsonNode agency = f.agency("Cook County Sheriff");
            long n = head(f).get("treeSize").asLong();
            assertError(f.api.get("/v1/audit/inclusion?index=0&treeSize=" + (n + 1), null), 422, "invalid-parameter", "treeSize");
            assertError(f.api.get("/v1/audit/inclusion?index=" + n + "&treeSize=" + n, null), 422, "invalid-parameter", "index");
            assertError(f.api.get("/v1/audit/inclusion?index=x&treeSize=" + n, null), 400, "invalid-parameter", "index");
            assertError(f.api.get("/v1/audit/inclusion?treeSize=" + n, null), 400, "invalid-parameter", "index");
            assertError(f.api.get("/v1/audit/consistency?first=0&second=" + n, null), 422, "invalid-parameter", "first");
            // An impossible tree size is blamed itself, before the index or first size it would make look wrong.
            for (String size : List.of(String.valueOf(Long.MIN_VALUE), "0", String.valueOf(Long.MAX_VALUE))) {
                ApiClient.Reply r = f.api.get("/v1/audit/inclusion?index=" + Long.MAX_VALUE + "&treeSize=" + size, null);
                assertError(r, 422, "invalid-parameter", "treeSize");
                assertThat(r.text()).contains("treeSize " + size + " is out of range, allowed 1.." + n);
                assertError(f.api.get("/v1/audit/consistency?first=" + Long.MAX_VALUE + "&second=" + size, null), 422,
                    "invalid-parameter", "second");
            }
            assertError(f.api.get("/v1/audit/entries?start=0&end=1", token(agency)), 403, "forbidden", null);
            assertError(f.api.get("/v1/audit/entries?start=0&end=1", null), 401, "unauthorized", null);
            assertError(f.api.get("/v1/audit/entries?start=0&end=" + (n + 1), f.operator), 422, "invalid-parameter", "end");
        }
    }

    /** The latest signed head once it covers every acknowledged record (the service signs within a fraction of a second). */
    private static JsonNode head(ServiceFixture f) {
        f.service.signTreeHead();
        return f.api.get("/v1/audit/sth", null).body();
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(h -> out.add(HexFormat.of().parseHex(h.asText())));
        return out;
    }

    /** RFC 9162 and RFC 8032 from their text, sharing nothing with the service's code. */
    static final class Rfc {
        static byte[] sha256(byte[]... parts) {
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                for (byte[] p : parts) {
                    d.update(p);
                }
                return d.digest();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        static byte[] leafHash(byte[] entry) {
            return sha256(new byte[] {0}, entry);
        }

        static byte[] node(byte[] left, byte[] right) {
            return sha256(new byte[] {1}, left, right);
        }

        /** Section 2.1.1: MTH({}) = SHA-256(), MTH({d0}) = leaf, else split at the largest power of two below n. */
        static byte[] mth(List<byte[]> leaves) {
            int n = leaves.size();
            if (n == 0) {
                return sha256();
            }
            if (n == 1) {
                return leaves.get(0);
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            return node(mth(leaves.subList(0, k)), mth(leaves.subList(k, n)));
        }

        /** Section 2.1.3.2. */
        static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
            if (leafIndex >= treeSize) {
                return false;
            }
            long fn = leafIndex;
            long sn = treeSize - 1;
            byte[] r = leafHash;
            for (byte[] p : path) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    r = node(p, r);
                    if ((fn & 1) == 0) {
                        while ((fn & 1) == 0 && fn != 0) {
                            fn >>= 1;
                            sn >>= 1;
                        }
                    }
                } else {
                    r = node(r, p);
                }
                fn >>= 1;
                sn >>= 1;
            }
            return sn == 0 && Arrays.equals(r, root);
        }

        /** Section 2.1.4.2. */
        static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
            if (proof.isEmpty()) {
                return false;
            }
            List<byte[]> path = new ArrayList<>(proof);
            if (Long.bitCount(first) == 1) {
                path.add(0, firstHash);
            }
            long fn = first - 1;
            long sn = second - 1;
            while ((fn & 1) == 1) {
                fn >>= 1;
                sn >>= 1;
            }
            byte[] fr = path.get(0);
            byte[] sr = path.get(0);
            for (byte[] c : path.subList(1, path.size())) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    fr = node(c, fr);
                    sr = node(c, sr);
                    if ((fn & 1) == 0) {
                        while ((fn & 1) == 0 && fn != 0) {
                            fn >>= 1;
                            sn >>= 1;
                        }
                    }
                } else {
                    sr = node(sr, c);
                }
                fn >>= 1;
                sn >>= 1;
            }
            return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
        }

        /** The head's signature over geomatch-sth-v1, treeSize, timestamp and rootHash, with the raw RFC 8032 key. */
        static boolean verifySignature(byte[] rawKey, JsonNode head) throws Exception {
            byte[] x509 = new byte[44];
            System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, x509, 0, 12);
            System.arraycopy(rawKey, 0, x509, 12, 32);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(("geomatch-sth-v1\n" + head.get("treeSize").asLong() + "\n" + head.get("timestamp").asLong() + "\n"
                + head.get("rootHash").asText()).getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(head.get("signature").asText()));
        }
    }
}
