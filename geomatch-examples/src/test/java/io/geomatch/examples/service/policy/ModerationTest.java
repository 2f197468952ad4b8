package io.geomatch.examples.service.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModerationTest {

    private static final String VALID = "On March 3rd between 01:00 and 03:00 a garage on Elm Street was"
            + " broken into and two bicycles were stolen. The suspect, a white male about 6'1\" with a"
            + " grey beard, wore a dark hoodie and left in a silver pickup truck heading north. If your"
            + " camera faces the street, please consider sharing; you are not obligated to share and"
            + " there is no penalty for declining.";

    private static Optional<String> code(String description) {
        return Moderation.check("burglary", description).map(Violation::code);
    }

    @Test
    void shouldPassRealisticDescription() {
        assertThat(Moderation.checkAll("burglary", VALID)).isEmpty();
    }

    @Test
    void shouldListFourRulesInCheckOrder() {
        assertThat(Moderation.rules()).extracting(Moderation.Rule::code)
                .containsExactly("first-amendment", "profiling", "pressure", "immigration-enforcement");
        assertThat(Moderation.rules()).allSatisfy(r -> assertThat(r.summary()).isNotBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Looking for footage of the protest on Main St.",
        "PROTEST, downtown!!",
        "Protesters   blocked\n the road",
        "Vandalism during a counter-protest near city hall",
        "People at the demonstration outside the courthouse",
        "Cars parked near the rally",
        "A candlelight vigil was held at the park",
        "Workers picketing outside the plant",
        "Union members on strike at the warehouse",
        "Strikers gathered at the gate",
        "The protest march went down 5th Avenue",
        "Marchers left the square at noon",
        "Organisers of the Women's March",
        "Customers boycotting the store",
        "Volunteers running a petition drive",
        "Attendees of the political meeting",
        "People leaving the Sunday service",
        "Worshippers leaving the mosque",
        "A journalist filming police at the scene",
        "The news crew parked on Oak St",
    })
    void shouldRefuseFirstAmendmentActivity(String description) {
        assertThat(code(description)).contains("first-amendment");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "On March 3rd a bicycle was stolen from a porch; the thief wore a red jacket.",
        "Between March 3 and March 4 a car was stolen from the driveway.",
        "The marching band's trailer was stolen from the school lot overnight.",
        "The vehicle struck a pedestrian and left in a grey sedan.",
        "The suspect climbed the white picket fence and took a package.",
        "A burglary at a place of worship overnight; the side door was pried open.",
        "A Protestant church's office was vandalized with red paint.",
        "The rally car parked on Pine St was broken into.",
        "The reporter of the crime saw a grey sedan leave at 2 am.",
    })
    void shouldNotRefuseFirstAmendmentLookalikes(String description) {
        assertThat(Moderation.checkAll("other", description)).isEmpty();
    }

    @Test
    void shouldCheckIncidentTypeFieldToo() {
        Optional<Violation> v = Moderation.check("protest", "A window was smashed on Elm St.");

        assertThat(v).get().extracting(Violation::code, Violation::field)
                .containsExactly("first-amendment", "incidentType");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Looking for a black male in the area.",
        "Suspect is Hispanic.",
        "Two Middle-Eastern looking men were seen walking around the block.",
        "The suspect was described as Asian and was loitering near the school.",
        "A male of Arab descent was seen near the store.",
        "Any footage of Muslims near the intersection.",
        "A young Black or Latino teenager was walking slowly by the houses.",
        "Dark-skinned male seen on Maple Ave. The house was broken into.",
    })
    void shouldRefuseRaceOnlyDescriptions(String description) {
        Optional<Violation> v = Moderation.check("burglary", description);

        assertThat(v).get().extracting(Violation::code, Violation::field)
                .containsExactly("profiling", "description");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Suspect is a black male, about 6 ft, wearing a red hoodie.",
        "Hispanic male with a neck tattoo fled in a grey Honda Civic.",
        "The suspect was an Asian female. She wore a yellow raincoat and carried a large duffel bag.",
        "White male, heavyset, shaved head, riding a blue bicycle.",
        "A black SUV and a white van were seen leaving the scene.",
        "The suspect wore black jeans and a white cap.",
        "The victim, an elderly Asian woman, was pushed to the ground near the bus stop.",
        "A Chinese restaurant was burglarized overnight; the rear window was smashed.",
        "Suspect: Black male\n- 5'10\n- green jacket",
    })
    void shouldAcceptDescriptorsWithOtherDetail(String description) {
        assertThat(Moderation.checkAll("robbery", description)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "You must provide any footage you have.",
        "YOU   MUST, provide footage",
        "Owners are legally required to share video.",
        "Sharing is mandatory for all residents.",
        "Failure to comply will be reported.",
        "Send the video or else.",
        "We will subpoena anyone who refuses.",
        "You're obligated to cooperate.",
        "Residents who refuse may face a penalty.",
        "Footage sharing is required by law in this county.",
    })
    void shouldRefusePressure(String description) {
        assertThat(code(description)).contains("pressure");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "You are not obligated to share, and there is no penalty for declining.",
        "Sharing is not mandatory; you are under no obligation.",
        "Footage is not legally required; thank you for considering it.",
        "The suspect must have used a ladder to reach the window; he wore a grey coat.",
        "The suspect has an outstanding warrant and drove a red Ford pickup.",
    })
    void shouldNotRefusePoliteOrUnrelatedWording(String description) {
        assertThat(Moderation.checkAll("burglary", description)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Checking the immigration status of workers at the site.",
        "Looking for undocumented people living on this block.",
        "Locating illegal aliens in the neighborhood.",
        "Supporting an ICE operation on Friday.",
        "Footage to assist with a deportation case.",
        "ICE agents need to identify residents.",
    })
    void shouldRefuseImmigrationEnforcement(String description) {
        assertThat(code(description)).contains("immigration-enforcement");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "A car slid on black ice and hit a parked van, then drove off.",
        "An immigration consultant defrauded several families; the office is on 3rd St.",
        "The suspect bought ice at the gas station and drove away in a blue sedan.",
    })
    void shouldNotRefuseImmigrationLookalikes(String description) {
        assertThat(Moderation.checkAll("fraud", description)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Protest. You must share. Looking for undocumented people.|first-amendment,pressure,immigration-enforcement",
        "Mandatory: share footage of Hispanics at the rally.|first-amendment,profiling,pressure",
    })
    void shouldReportAllRulesInDocumentedOrder(String description, String codes) {
        List<Violation> all = Moderation.checkAll("other", description);

        assertThat(all).extracting(Violation::code).containsExactly(codes.split(","));
        assertThat(Moderation.check("other", description)).contains(all.get(0));
    }

    @Test
    void shouldNameMatchedPhraseInMessage() {
        Violation v = Moderation.check("other", "Footage of the   Boycott, please").orElseThrow();

        assertThat(v.message()).contains("\"boycott\"").contains("First Amendment");
    }

    @Test
    void shouldTreatNullAsEmpty() {
        assertThat(Moderation.checkAll(null, null)).isEmpty();
    }
}
