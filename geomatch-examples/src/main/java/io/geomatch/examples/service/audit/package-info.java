/**
 * The service's audit log: an append-only file of every state change, each record chained to the
 * one before it by SHA-256, which is also the journal the service recovers its state from.
 *
 * <p><b>Format.</b> UTF-8 JSON lines. A record is
 * {@code {"seq":n,"at":ms,"type":"...","data":{...},"prev":"<64 hex>","hash":"<64 hex>"}} where
 * {@code seq} counts from 1, {@code prev} is the previous record's hash (64 zeros for the first)
 * and {@code hash} is SHA-256 over the record's own text without its {@code hash} member, that is
 * the line up to {@code ,"hash"} followed by {@code }}. Changing any byte of a record breaks its
 * hash; removing, reordering or inserting records breaks {@code seq} or {@code prev}.
 *
 * <p><b>Durability.</b> {@link io.geomatch.examples.service.audit.AuditLog#append} writes the line
 * and forces it to the device before it returns, so a change is durable before the service
 * acknowledges it. A crash can leave only a final line without its line break, which was never
 * acknowledged; opening cuts it off. Any other damage is refused at open, naming the line.
 *
 * <p><b>Threading.</b> {@code append} is synchronized; {@code verify} reads the file on its own.
 */
package io.geomatch.examples.service.audit;
