/**
 * The {@code geomatch.jar} command line: {@code index} builds a snapshot from CSV files,
 * {@code query} answers one area + timeframe question from a snapshot or a store,
 * {@code store init} and {@code store load} create a durable store and stream CSV changes into it
 * (printing {@code acked N} as rows become durable), {@code sample} writes a simulated world as CSV,
 * {@code demo} runs a community request's whole lifecycle in process and draws its map,
 * {@code serve} runs the community-request service over HTTP and {@code simulate} runs the
 * lifecycle at scale on a simulated clock. Built on picocli; bad input exits with code 2 and one {@code error:} line,
 * never a stack trace. Each command runs on the calling thread.
 */
package io.geomatch.examples.cli;
