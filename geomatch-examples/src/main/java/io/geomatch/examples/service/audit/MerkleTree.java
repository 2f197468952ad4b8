package io.geomatch.examples.service.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1, over the records of an
 * audit log: a leaf is {@code SHA-256(0x00 || record bytes)}, an inner node
 * {@code SHA-256(0x01 || left || right)}, and the tree over {@code n} leaves splits at the largest
 * power of two below {@code n}. Gives the root of any prefix of the log, inclusion proofs
 * (section 2.1.3) and consistency proofs (section 2.1.4).
 *
 * <p><b>Layout.</b> For each height {@code h} the hashes of the complete, aligned subtrees of
 * {@code 2^h} leaves are kept in one growing byte array (32 bytes each), so about 64 bytes per
 * leaf in all. Every other node an RFC 9162 computation needs is the root of a range whose left
 * part is one such subtree, so a root or a proof costs {@code O(log^2 n)} hashes at most.
 *
 * <p>Thread-safe: leaves are appended by one writer at a time, and roots and proofs may be asked
 * for meanwhile.
 */
public final class MerkleTree {
    /** The length of a hash, bytes. */
    public static final int HASH_BYTES = 32;
    private final List<byte[]> levels = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();
    private long size;

    /**
     * @param bytes a record as stored
     * @param offset where it starts
     * @param length its length
     * @return its leaf hash, {@code SHA-256(0x00 || record)}
     */
    public static byte[] leafHash(byte[] bytes, int offset, int length) {
        MessageDigest d = sha256();
        d.update((byte) 0);
        d.update(bytes, offset, length);
        return d.digest();
    }

    /**
     * @param left the left child's hash
     * @param right the right child's hash
     * @return {@code SHA-256(0x01 || left || right)}
     */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /**
     * Appends a leaf.
     *
     * @param leafHash its hash, from {@link #leafHash}
     */
    public synchronized void append(byte[] leafHash) {
        if (leafHash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a leaf hash has 32 bytes, not " + leafHash.length);
        }
        byte[] carry = leafHash;
        for (int h = 0; ; h++) {
            long index = put(h, carry);
            if ((index & 1) == 0) {
                break;
            }
            carry = nodeHash(get(h, index - 1), carry);
        }
        size++;
    }

    /** @return how many leaves the tree has */
    public synchronized long size() {
        return size;
    }

    /**
     * The root of the tree over the first {@code n} leaves, RFC 9162's {@code MTH(D[n])}.
     *
     * @param n how many leaves, 0..{@link #size()}
     * @return the root; for no leaves, the SHA-256 of nothing
     */
    public synchronized byte[] root(long n) {
        check("treeSize", n, 0, size);
        return n == 0 ? sha256().digest() : hash(0, n);
    }

    /**
     * An inclusion proof, RFC 9162's {@code PATH(m, D[n])}: the hashes that, with leaf
     * {@code m}'s, give the root of the first {@code n} leaves, from the leaf up.
     *
     * @param m the leaf, from 0
     * @param n the tree size, {@code m < n <= size()}
     * @return the audit path
     */
    public synchronized List<byte[]> inclusion(long m, long n) {
        check("treeSize", n, 1, size);
        check("leafIndex", m, 0, n - 1);
        List<byte[]> out = new ArrayList<>();
        path(m, 0, n, out);
        return out;
    }

    private void path(long m, long start, long n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, k, out);
            out.add(hash(start + k, n - k));
        } else {
            path(m - k, start + k, n - k, out);
            out.add(hash(start, k));
        }
    }

    /**
     * A consistency proof, RFC 9162's {@code PROOF(m, D[n])}: the hashes that show the tree over
     * the first {@code m} leaves is a prefix of the tree over the first {@code n}.
     *
     * @param m the older size, {@code 1 <= m <= n}
     * @param n the newer size, {@code n <= size()}
     * @return the proof (empty if {@code m == n})
     */
    public synchronized List<byte[]> consistency(long m, long n) {
        check("second", n, 1, size);
        check("first", m, 1, n);
        List<byte[]> out = new ArrayList<>();
        subproof(m, 0, n, true, out);
        return out;
    }

    private void subproof(long m, long start, long n, boolean complete, List<byte[]> out) {
        if (m == n) {
            if (!complete) {
                out.add(hash(start, n));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, k, complete, out);
            out.add(hash(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(hash(start, k));
        }
    }

    /**
     * Checks an inclusion proof as RFC 9162 section 2.1.3.2 says: what a client holding a signed
     * head runs on {@code GET /v1/audit/inclusion}.
     *
     * @param leafIndex the record, from 0
     * @param treeSize the tree size
     * @param leafHash the record's leaf hash
     * @param path the audit path, from the leaf up
     * @param root the tree's root, from a signed head
     * @return whether the record is in that tree
     */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
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
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** {@code MTH(D[start:start+n])}: a stored subtree if aligned and complete, else split as RFC 9162 does. */
    private byte[] hash(long start, long n) {
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return get(Long.numberOfTrailingZeros(n), start / n);
        }
        long k = largestPowerOfTwoBelow(n);
        return nodeHash(hash(start, k), hash(start + k, n - k));
    }

    /** @return the largest power of two strictly below {@code n}, for {@code n >= 2} */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private long put(int h, byte[] hash) {
        if (levels.size() == h) {
            levels.add(new byte[HASH_BYTES * 16]);
            counts.add(0L);
        }
        long index = counts.get(h);
        byte[] level = levels.get(h);
        long end = (index + 1) * HASH_BYTES;
        if (end > level.length) {
            if (level.length >= Integer.MAX_VALUE - 64) {
                throw new IllegalStateException("the Merkle tree is full at " + size + " leaves");
            }
            level = Arrays.copyOf(level, (int) Math.min(Integer.MAX_VALUE - 64L, Math.max(end, level.length * 2L)));
            levels.set(h, level);
        }
        System.arraycopy(hash, 0, level, (int) (index * HASH_BYTES), HASH_BYTES);
        counts.set(h, index + 1);
        return index;
    }

    private byte[] get(int h, long index) {
        assert h < levels.size() && index < counts.get(h) : "no complete subtree of height " + h + " at " + index;
        int from = (int) (index * HASH_BYTES);
        return Arrays.copyOfRange(levels.get(h), from, from + HASH_BYTES);
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is out of range, allowed " + min + ".." + max);
        }
    }
}
