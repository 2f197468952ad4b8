/**
 * The service's audit log: an append-only file of every state change, each record chained to the
 * one before it by SHA-256 and each a leaf of an RFC 9162 Merkle tree whose heads the service
 * signs; it is also the journal the service recovers its state from.
 *
 * <p><b>Format.</b> {@link io.geomatch.examples.service.audit.AuditLog}: UTF-8 JSON lines. A
 * record is {@code {"seq":n,"at":ms,"type":"...","data":{...},"prev":"<64 hex>","hash":"<64 hex>"}}
 * where {@code seq} counts from 1, {@code prev} is the previous record's hash (64 zeros for the
 * first) and {@code hash} is SHA-256 over the record's own text without its {@code hash} member.
 * The chain shows damage (a changed byte, a removed or reordered record) and names the line; it
 * cannot show a rewrite, since anyone can recompute it.
 *
 * <p><b>Transparency.</b> {@link io.geomatch.examples.service.audit.TransparencyLog} makes each
 * record, exactly as stored, a leaf ({@code SHA-256(0x00 || line)}) of a
 * {@link io.geomatch.examples.service.audit.MerkleTree}; the service records the tree's head at
 * every commit ({@code audit.head}, authenticated with a key only it holds) and signs heads with
 * its Ed25519 {@link io.geomatch.examples.service.audit.AuditKey} ({@code audit.sth},
 * {@link io.geomatch.examples.service.audit.SignedTreeHead}), both kept apart from the log. It
 * refuses to start on a log shorter than, or inconsistent with, its heads, and cuts off records
 * that no head covers (never acknowledged). Witnesses holding signed heads check consistency and
 * inclusion proofs, or a whole log offline ({@link io.geomatch.examples.service.audit.AuditVerifier}).
 * Since nothing inside the directory can tell it was put back whole from an older copy, a witness
 * file kept outside it ({@link io.geomatch.examples.service.audit.StartChecks}) receives every
 * commit's head too, and the service refuses to start behind it.
 *
 * <p><b>Durability and threading.</b> A record is written by one writer at a time (the service's
 * write lock) and made durable by {@code sync}, where one force of the file and one recorded head
 * cover every record written so far (group commit); a change is acknowledged only after that. A
 * crash can leave only records no head covers, which the next open cuts off. Heads, proofs and
 * records can be read from any thread.
 */
package io.geomatch.examples.service.audit;
