/**
 * The service's journal: every change is one {@link io.geomatch.examples.service.journal.JournalRecord}
 * (a sealed set of Java records, mapped by Jackson to the {@code data} of an
 * {@code service.audit} line, the line's {@code type} being the record's name), and the state is
 * what replaying them gives. {@link io.geomatch.examples.service.journal.Journal} maps records to
 * lines and back; {@link io.geomatch.examples.service.journal.Ledger} is the only way to change
 * the state: a decision runs under its write lock, commits records, and each is applied to the
 * state by the same function that replays the journal on start, so a live change and a replayed
 * one cannot differ. Owners' changes go through the same ledger in rounds
 * ({@link io.geomatch.examples.service.journal.Ledger#writeInRound}): one
 * {@link io.geomatch.examples.service.journal.JournalRecord.OwnerRound} record every round, empty or
 * not, so the journal's length, which the public tree's size shows, does not count them.
 */
package io.geomatch.examples.service.journal;
