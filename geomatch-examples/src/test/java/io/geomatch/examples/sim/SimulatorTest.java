package io.geomatch.examples.sim;

import io.geomatch.examples.service.Api;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.geo.GeoJson;
import io.geomatch.world.CameraWorld;
import io.geomatch.world.UsPlaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Simulated owners keep answering whatever an agency does meanwhile. */
class SimulatorTest {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void shouldKeepAnsweringAfterAnAgencyResolvesARequestBeforeItsOwnersAnswer() throws Exception {
        SimClock clock = new SimClock(CameraWorld.DEFAULT_NOW_MILLIS);
        try (CommunityService service = CommunityService.open(dir, ServiceOptions.defaults().ownerRoundMillis(10).clock(clock).durable(false)
            .simulate(50_000, 7, 2))) {
            Principal operator = service.authenticate(service.newOperatorToken());
            UsPlaces.Place city = UsPlaces.all().get(2);
            County county = Counties.load().containing(city.latDegrees(), city.lonDegrees()).orElseThrow();
            Principal agency = service.authenticate(service.createAgency(operator, new Api.AgencyForm("Cook County Sheriff",
                "cook.example.gov", "county", county.geometry(), "axon")).token());
            Simulator owners = new Simulator(service, new Simulator.Behaviour(1.0, 0.0), 7);   // everyone shares
            long now = clock.getAsLong();
            Api.Filed first = service.fileRequest(agency, form(city, now, "S-1"));
            service.awaitFanOut();
            assertThat(service.deliveries(operator, first.id()).notifiedOwners()).as("owners notified").isPositive();
            service.resolve(agency, first.id());   // before any owner answers
            Simulator.Tally afterResolved = owners.respond();
            assertThat(afterResolved.shared()).isZero();

            Api.Filed second = service.fileRequest(agency, form(city, now, "S-2"));
            service.awaitFanOut();
            Simulator.Tally tally = owners.respond();
            assertThat(tally.shared()).as("owners answer the next request").isPositive();
            assertThat(service.deliveries(operator, second.id()).shared()).isEqualTo((int) tally.shared());
        }
    }

    private static Api.RequestForm form(UsPlaces.Place city, long now, String caseNumber) {
        return new Api.RequestForm(GeoJson.parse(Simulator.square(city.latDegrees(), city.lonDegrees(), 0.49), "area"), now - 13 * HOUR,
            now - HOUR, "burglary", caseNumber, "Det. X, 555-0100", "Looking for a person in a grey hooded jacket.");
    }
}
