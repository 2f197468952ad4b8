/**
 * Text the examples print for an operator: {@link io.geomatch.examples.text.Printable} escapes what
 * a terminal would act on rather than show (control characters, line breaks, bidirectional
 * overrides), so that a file name, a field name or a value taken from input prints on one line
 * and as it is, and cannot move the cursor, recolour the terminal or forge a line of its own.
 */
package io.geomatch.examples.text;
