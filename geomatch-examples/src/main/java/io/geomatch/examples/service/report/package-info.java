/**
 * The monthly transparency report, differentially private for owners.
 *
 * <p>{@link io.geomatch.examples.service.report.TransparencyReports} answers
 * {@code GET /v1/transparency?month=YYYY-MM}: per agency, requests published and filings refused
 * per rule, exact (they are public facts), and owners notified and owners who shared clips with
 * {@link io.geomatch.examples.service.report.LaplaceNoise} of scale {@code 2/epsilon}. The bound
 * that makes 2 the sensitivity, each owner counted at most once in each kind of count, is
 * {@link io.geomatch.examples.service.report.ContributionBounds}; the rules and the default
 * epsilon are in {@code service.policy.ReportRules}. A month is computed once, after it ended,
 * and journaled with its numbers and the signed tree head covering what it counts: noise drawn
 * again for the same month would let anyone average it away, so it never is.
 */
package io.geomatch.examples.service.report;
