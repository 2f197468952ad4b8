package io.geomatch.examples.service;

import io.geomatch.cluster.ClusterNode;
import io.geomatch.cluster.NodeOptions;
import io.geomatch.examples.service.geo.GeoJson;
import io.geomatch.examples.sim.Counties;
import io.geomatch.examples.sim.County;
import io.geomatch.examples.sim.SimClock;
import io.geomatch.examples.sim.SimulatedFleet;
import io.geomatch.examples.sim.Simulator;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.UsPlaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's fan-out on a 3-member cluster ({@code serve --cluster}) against the same service on
 * its local index, fed the same calls on the same clock, so both journals hold the same records:
 * every request reaches exactly the same cameras and owners of a simulated world, after
 * owners opt out (live changes, applied once their records are signed), after a member is killed
 * (the fan-out answers exactly or waits and asks again; it never delivers part of an answer),
 * after the service restarts on the same cluster (the whole journal replayed into it again,
 * changing nothing), and after every member restarted empty (the replay puts everything back).
 */
class ClusterFanOutTest {
    private static final long HOUR = 3_600_000L;
    private static final int DEVICES = 60_000;
    /** The city the requests are filed in: the third largest, as the simulator's test does. */
    private static final int CITY = 2;
    /** How many squares each round files a request for. */
    private static final int SQUARES = 9;

    @TempDir
    Path localDir;
    @TempDir
    Path clusterDir;

    private final List<ClusterNode> nodes = new ArrayList<>();

    @Test
    void shouldFanOutOnTheClusterExactlyAsOnTheLocalIndex() throws Exception {
        SimClock localClock = new SimClock(CameraWorld.DEFAULT_NOW_MILLIS);
        SimClock clusterClock = new SimClock(CameraWorld.DEFAULT_NOW_MILLIS);
        ServiceOptions options = ServiceOptions.defaults().ownerRoundMillis(10).durable(false).requestsPerHour(10_000).simulate(DEVICES, 7, 2);
        List<String> members = startMembers();
        CommunityService local = CommunityService.open(localDir, options.clock(localClock));
        CommunityService onCluster = CommunityService.open(clusterDir, options.clock(clusterClock).cluster(members));
        try {
            Side l = Side.first(local);
            Side c = Side.first(onCluster);
            assertThat(onCluster.indexedCameras()).isEqualTo(local.indexedCameras()).isEqualTo(DEVICES);

            long[][] first = bothMatch(l, c, "R1");
            assertThat(Arrays.stream(first).mapToInt(ids -> ids.length).sum()).as("cameras the requests reach: %s", Arrays.deepToString(first))
                .isGreaterThanOrEqualTo(8);

            // Owners of half the matched cameras opt out: live changes, queued until their records are signed.
            SimulatedFleet fleet = local.fleet();
            for (long[] ids : first) {
                for (int i = 0; i < ids.length; i += 2) {
                    String owner = SimulatedFleet.ownerId(fleet.positionOf(ids[i]));
                    local.setOptedOut(l.operator(), owner, true);
                    onCluster.setOptedOut(c.operator(), owner, true);
                }
            }
            long[][] second = bothMatch(l, c, "R2");
            assertThat(Arrays.stream(second).mapToInt(ids -> ids.length).sum()).as("the opted-out owners' cameras are gone")
                .isLessThan(Arrays.stream(first).mapToInt(ids -> ids.length).sum());

            // A member dies; the fan-out is exact, whether it answers at once or waits for the partitions to move.
            nodes.get(1).crash();
            bothMatch(l, c, "R3");

            // The service restarts on the same cluster: the whole journal is replayed into it and changes nothing.
            onCluster.close();
            onCluster = CommunityService.open(clusterDir, options.clock(clusterClock).cluster(members));
            c = c.restarted(onCluster);
            assertThat(onCluster.indexedCameras()).isEqualTo(DEVICES);
            bothMatch(l, c, "R4");

            // Every member restarts, empty: the replay on the service's next start puts everything back.
            onCluster.close();
            for (ClusterNode n : nodes) {
                if (n.running()) {
                    n.crash();
                }
            }
            nodes.clear();
            List<String> fresh = startMembers();
            onCluster = CommunityService.open(clusterDir, options.clock(clusterClock).cluster(fresh));
            c = c.restarted(onCluster);
            assertThat(onCluster.indexedCameras()).isEqualTo(DEVICES);
            bothMatch(l, c, "R5");
        } finally {
            local.close();
            onCluster.close();
            for (ClusterNode n : nodes) {
                if (n.running()) {
                    n.crash();
                }
            }
        }
    }

    /** A service with its operator and an agency over the county of the city the requests are filed in. */
    private record Side(CommunityService service, Principal operator, Principal agency, String operatorToken, String agencyToken) {
        /** @return the side of a service on its first start */
        static Side first(CommunityService service) {
            String operatorToken = service.newOperatorToken();
            Principal operator = service.authenticate(operatorToken);
            UsPlaces.Place city = UsPlaces.all().get(CITY);
            County county = Counties.load().containing(city.latDegrees(), city.lonDegrees()).orElseThrow();
            String agencyToken = service.createAgency(operator, new Api.AgencyForm("Test County Sheriff", "sheriff.example.gov", "county",
                county.geometry(), "axon")).token();
            return new Side(service, operator, service.authenticate(agencyToken), operatorToken, agencyToken);
        }

        /** @return the same operator and agency on a restarted service */
        Side restarted(CommunityService again) {
            return new Side(again, again.authenticate(operatorToken), again.authenticate(agencyToken), operatorToken, agencyToken);
        }
    }

    /**
     * Files the same request for each of {@value #SQUARES} squares of a city on both services at the same
     * moment, and checks that their fan-outs matched the same cameras and notified as many owners.
     *
     * @return the cameras matched, per square
     */
    private static long[][] bothMatch(Side local, Side cluster, String caseNumber) throws InterruptedException {
        long[][] matched = new long[SQUARES][];
        for (int k = 0; k < SQUARES; k++) {
            UsPlaces.Place city = UsPlaces.all().get(CITY);
            long now = local.service().now();
            assertThat(cluster.service().now()).isEqualTo(now);
            Api.Filed onLocal = local.service().fileRequest(local.agency(), form(city, k, now, caseNumber + "-" + k));
            Api.Filed onCluster = cluster.service().fileRequest(cluster.agency(), form(city, k, now, caseNumber + "-" + k));
            local.service().awaitFanOut();
            cluster.service().awaitFanOut();
            long[] expected = local.service().matchedCameraIds(local.operator(), onLocal.id());
            assertThat(cluster.service().matchedCameraIds(cluster.operator(), onCluster.id())).as(caseNumber + " square " + k)
                .containsExactly(expected);
            assertThat(cluster.service().deliveries(cluster.operator(), onCluster.id()).notifiedOwners())
                .isEqualTo(local.service().deliveries(local.operator(), onLocal.id()).notifiedOwners());
            matched[k] = expected;
        }
        return matched;
    }

    /** The {@code k}-th 0.49 mi² square of a 3 x 3 grid of them, 1.5 km apart, around the city's centre. */
    private static Api.RequestForm form(UsPlaces.Place city, int k, long now, String caseNumber) {
        double lat = city.latDegrees() + (k / 3 - 1) * 0.0135;
        double lon = city.lonDegrees() + (k % 3 - 1) * 0.018;
        return new Api.RequestForm(GeoJson.parse(Simulator.square(lat, lon, 0.49), "area"), now - 13 * HOUR,
            now - HOUR, "burglary", caseNumber, "Det. X, 555-0100", "Looking for a person in a grey hooded jacket.");
    }

    private List<String> startMembers() throws InterruptedException {
        List<String> addresses = new ArrayList<>();
        int[] ports = {freePort(), freePort(), freePort()};
        for (int port : ports) {
            addresses.add("127.0.0.1:" + port);
        }
        for (int port : ports) {
            nodes.add(ClusterNode.start(NodeOptions.bucketMillis(1_000).partitions(71).port(port).members(addresses)));
        }
        for (ClusterNode n : nodes) {
            assertThat(n.awaitReady(Duration.ofSeconds(90))).as("member " + n.address() + " ready").isTrue();
        }
        return addresses;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
