package io.geomatch.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo} and {@code simulate} run the whole lifecycle and report what happened. */
class LifecycleCommandsTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunTheDemoThroughEveryStepAndDrawTheMap() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GeomatchCli.run(new PrintWriter(out), new PrintWriter(err), "demo", "--devices", "20000", "--seed", "7",
            "--out", dir.toString());
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("[9/9]");
        for (String refusal : new String[] {"agency-not-eligible", "free-mail-domain", "first-amendment", "profiling", "pressure",
            "immigration-enforcement", "area-too-large", "window-too-long", "window-in-future", "area-outside-jurisdiction",
            "case-limit", "signature-invalid", "clip-not-eligible"}) {
            assertThat(text).contains("422 " + refusal + ":");
        }
        assertThat(text).contains("chain intact: true").contains("intact false, line");
        assertThat(text).contains("Ed25519 signature valid: true").containsPattern("inclusion proof of \\d+ hashes, verified against the signed root: true");
        assertThat(text).contains("GET /v1/transparency?month=2026-11").containsPattern("Cook County Sheriff's Office +3 +9 +[0-9]+ +[0-9]+")
            .contains("refused, by rule: area-outside-jurisdiction 1, area-too-large 1, case-limit 1, first-amendment 1");
        Matcher evidence = Pattern.compile("holds (\\d+) shared clips, (\\d+) of them verified").matcher(text);
        assertThat(evidence.find()).isTrue();
        assertThat(evidence.group(1)).isEqualTo(evidence.group(2));
        assertThat(Integer.parseInt(evidence.group(1))).as("Alice shares at least her clip").isPositive();
        assertThat(text).containsPattern("0 cameras matched, 0 owners notified");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("request-map.svg").toFile());
        BufferedImage png = ImageIO.read(dir.resolve("request-map.png").toFile());
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(png.getHeight()).isEqualTo(600);
    }

    @Test
    void shouldSimulateHoursOfRequestsAndReportThroughputLatencyAndDeliveries() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GeomatchCli.run(new PrintWriter(out), new PrintWriter(err), "simulate", "--devices", "20000", "--hours", "2",
            "--agencies", "3", "--requests-per-agency-hour", "3", "--seed", "5");
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        Matcher m = Pattern.compile("(\\d+) requests published \\((\\d+) refused").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))).isEqualTo(2 * 3 * 3);
        assertThat(text).contains("fan-out latency").contains("notifications delivered:").contains("intact true");
    }

    @Test
    void shouldRefuseBadOptionsWithExitCode2() {
        StringWriter err = new StringWriter();
        assertThat(GeomatchCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "simulate", "--hours", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --hours 0 is out of range, allowed 1..240");
        err = new StringWriter();
        assertThat(GeomatchCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--data", dir.toString(),
            "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --port 70000 is out of range");
    }
}
