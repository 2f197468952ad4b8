package io.geomatch.examples.service.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Red-team round 2, F2: invisible characters, combining marks and homoglyphs around moderation. */
class InvisibleCharactersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "footage of the pro\u200Btest march on Main St|first-amendment",
        "footage of the pro\u00ADtest march on Main St|first-amendment",
        "footage of the pro\u0301test march on Main St|first-amendment",
        "footage of the PRO\u2060TEST march on Main St|first-amendment",
        "checking immi\u200Bgration status of a suspect|immigration-enforcement",
        "assisting depor\u00ADtation of a suspect|immigration-enforcement",
        "you are legally re\u00ADquired to share|pressure",
        "looking for a hispa\u200Bnic man|profiling"})
    void moderationShouldSeeThroughInvisibleCharactersAndMarks(String description, String code) {
        assertThat(Moderation.checkAll("other", description)).extracting(Violation::code).contains(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {0xFEFF, 0x2028, 0x2029, 0x180E, 0x200B, 0x200D, 0x00AD, 0xE0001, 0xFFF9, 0x034F,
        0x115F, 0x3164, 0xFE0F, 0xE0100, 0x2060})
    void freeTextShouldRefuseFormatAndInvisibleCharacters(int cp) {
        String text = "Det. Lee" + new String(Character.toChars(cp)) + " 555";
        for (boolean multiline : new boolean[] {false, true}) {
            Violation v = FreeText.check("contact", text, multiline);
            assertThat(v).as("U+%04X multiline=%s", cp, multiline).isNotNull();
            assertThat(v.code()).isEqualTo("invalid-characters");
            assertThat(v.field()).isEqualTo("contact");
            assertThat(v.message()).contains(String.format("U+%04X", cp)).contains("index 8");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"footage of the pr\u043Etest", "\u0440rotest", "pr\u03BFtest", "Det. L\u0435e"})
    void freeTextShouldRefuseWordsMixingLatinWithCyrillicOrGreek(String text) {
        Violation v = FreeText.check("description", text, true);
        assertThat(v).isNotNull();
        assertThat(v.code()).isEqualTo("invalid-characters");
        assertThat(v.message()).contains("mixing Latin and");
    }

    @ParameterizedTest
    @ValueSource(strings = {"протест на улице", "Ελληνική αστυνομία", "café crème, naïve", "Det. Lee, 555-0100",
        "line one\nline\ttwo", "Łódź 東京 Straße"})
    void freeTextShouldAcceptSingleScriptWordsAndAccents(String text) {
        assertThat(FreeText.check("description", text, true)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"footage of the protest march", "FOOTAGE OF THE PROTEST MARCH"})
    void requestRulesShouldRefuseTheRedTeamDescriptionsWithAViolation(String plain) {
        String hidden = plain.replace("otest", "o\u200Btest").replace("OTEST", "O\u00ADTEST");
        assertThat(Moderation.checkAll("other", hidden)).extracting(Violation::code).containsExactly("first-amendment");
    }
}
