package io.geomatch.core.io;

import io.geomatch.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstantsTest {
    @ParameterizedTest
    @CsvSource({
        "2026-11-03T14:00:00Z,           1793714400000",
        "2026-11-03t14:00:00z,           1793714400000",
        "2026-11-03T14:00Z,              1793714400000",
        "2026-11-03T14:00:00.123+02:00,  1793707200123",
        "2026-11-03T14:00:00.5-05:30,    1793734200500",
        "2026-11-03T14:00:00.120000Z,    1793714400120",
        "1969-12-31T23:59:59.999Z,       -1",
        "1793714400000,                  1793714400000",
        "0,                              0",
        "-86400000,                      -86400000",
    })
    void shouldParseIsoInstantsAndEpochMillis(String text, long millis) {
        assertThat(Instants.parseMillis("start", text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-03T14:00:00", "2026-11-03", "2026-02-30T00:00:00Z", "yesterday", "", " 1000",
        "1000 ", "1.5", "+1000", "-", "2026-11-03T14:00:00+0200"})
    void shouldRejectTextThatIsNeitherForm(String text) {
        String shown = text.isEmpty() || text.contains(" ") ? "'" + text + "'" : text;

        assertThatThrownBy(() -> Instants.parseMillis("start", text))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("start " + shown + " is not an ISO-8601 instant or epoch milliseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-03T14:00:00.1234Z", "2026-11-03T14:00:00.000000001+01:00"})
    void shouldRejectSubMillisecondPrecision(String text) {
        assertThatThrownBy(() -> Instants.parseMillis("end", text))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("end " + text + " has sub-millisecond precision, allowed at most 3 fractional digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-99999999999999999999"})
    void shouldRejectEpochMillisBeyondLong(String text) {
        assertThatThrownBy(() -> Instants.parseMillis("end", text))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("end " + text + " is not an ISO-8601 instant or epoch milliseconds,"
                + " allowed -9223372036854775808..9223372036854775807");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z"})
    void shouldRejectIsoInstantsBeyondEpochMillis(String text) {
        assertThatThrownBy(() -> Instants.parseMillis("end", text))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("end " + text + " is out of range for epoch milliseconds");
    }
}
