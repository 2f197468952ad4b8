package io.geomatch.examples.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.geo.GeoJson;
import io.geomatch.examples.sim.Counties;
import io.geomatch.examples.sim.County;
import io.geomatch.examples.sim.SimClock;
import io.geomatch.examples.sim.Simulator;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.UsPlaces;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agency cannot tell from its own calls' timing how many devices its request reached: on a
 * world of 1,000,000 simulated devices whose owners answer as in {@code serve --simulate} (at
 * once: the responder polls every 200 ms, the worst case for this test), 200
 * filings of areas dense with devices and 200 of empty areas, interleaved at random, are each
 * followed by 10 GETs of the request by the agency (not of its evidence, which shows the clips
 * shared: that the agency is meant to see); the two samples of those GETs' summed latency must not
 * differ (two-sided Mann-Whitney U, p &gt; 0.01). Heavy: about three minutes.
 */
@Tag("heavy")
class TimingLeakHttpTest {
    private static final long HOUR = 3_600_000L;
    private static final double SQUARE_MILES = 0.25;

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheAgencyTheSameLatenciesForDenseAndEmptyAreas() throws Exception {
        long now = CameraWorld.DEFAULT_NOW_MILLIS;
        SimClock clock = new SimClock(now);
        ServiceOptions options = ServiceOptions.defaults().ownerRoundMillis(10).clock(clock).requestsPerHour(10_000).simulate(1_000_000, 42, 2);
        CommunityService service = CommunityService.open(dir, options);
        ApiServer server = ApiServer.start(service, "127.0.0.1", 0);
        Simulator owners = new Simulator(service, new Simulator.Behaviour(0.3, 0.2), 42);
        Thread responder = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                owners.respond();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "simulated-owners");
        responder.setDaemon(true);
        responder.start();
        try {
            ApiClient api = new ApiClient(server.port());
            County county = Counties.load().containing(UsPlaces.all().get(2).latDegrees(), UsPlaces.all().get(2).lonDegrees()).orElseThrow();
            JsonNode agency = api.post("/v1/agencies", service.newOperatorToken(), ApiClient.agency("Cook County Sheriff", "cook.example.gov",
                "county", county.geoJson(), "axon")).body();
            String token = agency.get("token").asText();
            List<String> dense = squares(service.fleet().world(), county.geometry(), UsPlaces.all().get(2), true, 200);
            List<String> empty = squares(service.fleet().world(), county.geometry(), UsPlaces.all().get(2), false, 200);
            List<Boolean> order = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                order.add(true);
                order.add(false);
            }
            Collections.shuffle(order, new java.util.Random(17));
            double[] denseMicros = new double[200];
            double[] emptyMicros = new double[200];
            int d = 0;
            int e = 0;
            for (int i = 0; i < order.size(); i++) {
                boolean isDense = order.get(i);
                String area = isDense ? dense.get(d) : empty.get(e);
                ApiClient.Reply filed = api.post("/v1/requests", token, ApiClient.request(area, now - 13 * HOUR, now - HOUR, "T-" + i,
                    "Burglary; looking for a person in a grey hooded jacket carrying a black duffel bag."));
                assertThat(filed.status()).as(filed.text()).isEqualTo(202);
                String id = filed.body().get("id").asText();
                long sum = 0;
                for (int k = 0; k < 10; k++) {
                    long t0 = System.nanoTime();
                    // nothing in the request's view depends on what the fan-out found
                    ApiClient.Reply r = api.get("/v1/requests/" + id, token);
                    sum += System.nanoTime() - t0;
                    assertThat(r.status()).isEqualTo(200);
                    Thread.sleep(15);
                }
                if (isDense) {
                    denseMicros[d++] = sum / 1_000.0;
                } else {
                    emptyMicros[e++] = sum / 1_000.0;
                }
                Thread.sleep(250);
            }
            service.awaitFanOut();
            Principal operator = service.authenticate(service.newOperatorToken());
            long reached = 0;
            for (var r : service.publicLog(agency.get("id").asText())) {
                reached += service.deliveries(operator, r.id()).matchedCameras();
            }
            double p = MannWhitney.twoSidedP(denseMicros, emptyMicros);
            System.out.printf("timing of 10 follow-up GETs (sum, µs): dense median %.0f, empty median %.0f, Mann-Whitney p = %.3g;"
                + " %d cameras matched by the 400 requests%n", median(denseMicros), median(emptyMicros), p, reached);
            assertThat(p).as("two-sided Mann-Whitney p of dense vs empty follow-up latencies").isGreaterThan(0.01);
        } finally {
            responder.interrupt();
            server.close();
            service.close();
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Squares of {@link #SQUARE_MILES} inside the county: centred on cameras near the city (dense), or holding none (empty). */
    private static List<String> squares(CameraWorld w, Geometry county, UsPlaces.Place city, boolean dense, int n) {
        SplittableRandom random = new SplittableRandom(dense ? 3 : 4);
        List<String> out = new ArrayList<>();
        double[] lat = w.latDegrees();
        double[] lon = w.lonDegrees();
        List<Integer> near = new ArrayList<>();
        for (int i = 0; i < w.cameraCount(); i++) {
            if (Math.abs(lat[i] - city.latDegrees()) < 0.03 && Math.abs(lon[i] - city.lonDegrees()) < 0.04) {
                near.add(i);
            }
        }
        for (int attempt = 0; out.size() < n && attempt < 200_000; attempt++) {
            String square;
            if (dense) {
                int c = near.get(random.nextInt(near.size()));
                square = Simulator.square(lat[c], lon[c], SQUARE_MILES);
            } else {
                square = Simulator.square(city.latDegrees() + (random.nextDouble() - 0.5) * 0.8,
                    city.lonDegrees() + (random.nextDouble() - 0.5) * 1.0, SQUARE_MILES);
            }
            Geometry g = GeoJson.parse(square, "area");
            if (!county.covers(g)) {
                continue;
            }
            if (!dense) {
                Envelope env = g.getEnvelopeInternal();
                boolean any = false;
                for (int i = 0; i < lat.length && !any; i++) {
                    any = env.contains(lon[i], lat[i]);
                }
                if (any) {
                    continue;
                }
            }
            out.add(square);
        }
        assertThat(out).as(dense ? "dense squares" : "empty squares").hasSize(n);
        return out;
    }

    /** The two-sided Mann-Whitney U test, normal approximation with tie correction (samples of 200 are large enough). */
    static final class MannWhitney {
        static double twoSidedP(double[] a, double[] b) {
            int n1 = a.length;
            int n2 = b.length;
            int n = n1 + n2;
            double[][] all = new double[n][2];
            for (int i = 0; i < n1; i++) {
                all[i] = new double[] {a[i], 0};
            }
            for (int i = 0; i < n2; i++) {
                all[n1 + i] = new double[] {b[i], 1};
            }
            Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
            double rankSumA = 0;
            double tieTerm = 0;
            for (int i = 0; i < n; ) {
                int j = i;
                while (j < n && all[j][0] == all[i][0]) {
                    j++;
                }
                double rank = (i + 1 + j) / 2.0;
                int t = j - i;
                tieTerm += (double) t * t * t - t;
                for (int k = i; k < j; k++) {
                    if (all[k][1] == 0) {
                        rankSumA += rank;
                    }
                }
                i = j;
            }
            double u = rankSumA - n1 * (n1 + 1) / 2.0;
            double mean = n1 * (double) n2 / 2;
            double sd = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1))));
            double z = (Math.abs(u - mean) - 0.5) / sd;
            return 2 * (1 - phi(z));
        }

        /** Standard normal CDF (Abramowitz and Stegun 7.1.26 via erf, error below 1.5e-7). */
        static double phi(double z) {
            double x = Math.abs(z) / Math.sqrt(2);
            double t = 1 / (1 + 0.3275911 * x);
            double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
            return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
        }
    }
}
