package io.geomatch.examples.service.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Content moderation of a community request: refuses requests aimed at lawful First Amendment
 * activity, race-only suspect descriptions, wording that pressures camera owners, and
 * immigration enforcement.
 *
 * <p><b>Matching.</b> Text is compared word by word after the normalisation described on
 * {@link #FIRST_AMENDMENT_TERMS}: case, punctuation, hyphens, apostrophes inside words and extra
 * whitespace do not matter, and only whole words match ({@code protest} does not match
 * {@code protestant}; {@code strike} does not match {@code struck}). Inflections are listed
 * explicitly rather than stemmed, so every accepted form is visible in the lists below. Each list
 * of triggers may come with safe phrases: a trigger does not count where one of its words is part
 * of a safe phrase ({@code picket fence}, {@code place of worship}, {@code not obligated}).
 *
 * <p><b>Bias.</b> The lists lean towards refusing: a refused agency can reword (the message names
 * the phrase that triggered), while footage released for a protest or a profile cannot be
 * recalled. Known false positives are documented on each list.
 *
 * <p><b>Order.</b> Rules are checked in the order of {@link #rules()}; within a rule the
 * {@code incidentType} field is checked before {@code description}. The class is stateless and
 * thread-safe.
 *
 * @see RequestRules
 */
public final class Moderation {

    /** Rule code for requests about protests or other lawful First Amendment activity. */
    public static final String FIRST_AMENDMENT = "first-amendment";

    /** Rule code for descriptions that identify a person only by race, ethnicity, origin or religion. */
    public static final String PROFILING = "profiling";

    /** Rule code for coercive wording aimed at camera owners. */
    public static final String PRESSURE = "pressure";

    /** Rule code for immigration enforcement purposes. */
    public static final String IMMIGRATION_ENFORCEMENT = "immigration-enforcement";

    /**
     * Triggers for {@link #FIRST_AMENDMENT}: protests, demonstrations, rallies, vigils, pickets,
     * labour strikes, boycotts, petition drives, political meetings, religious services and
     * newsgathering. All entries are in token form: lower case, words separated by one space,
     * inner apostrophes removed ({@code womens march}).
     *
     * <p>Decisions: {@code protestant} is a different word and does not match (a religious
     * reference is caught only in service or worship phrases). The bare words {@code march} and
     * {@code strike} never match because they are far more often a month, a verb ("the vehicle
     * struck", "strike the pedestrian") or a date ("March 3rd"); only protest-march and
     * labour-strike phrases do, so a protest described only as "a march downtown" is missed. Bare
     * {@code reporter} is excluded because police use it for the person reporting a crime;
     * {@code journalist} is included, so a robbery of a journalist is refused (reword as "the
     * victim"). {@code rally} also matches a car rally unless written as {@code rally car}.
     */
    public static final List<String> FIRST_AMENDMENT_TERMS = List.of(
            "protest", "protests", "protested", "protesting", "protester", "protesters",
            "protestor", "protestors", "counter protest", "counter protesters", "counterprotest",
            "counterprotesters",
            "demonstration", "demonstrations", "demonstrator", "demonstrators",
            "rally", "rallies", "political rally", "campaign rally",
            "protest march", "protest marches", "peace march", "civil rights march",
            "freedom march", "pride march", "womens march", "march against", "marched against",
            "marching against", "marchers",
            "vigil", "vigils", "candlelight vigil",
            "picket", "pickets", "picketed", "picketing", "picketer", "picketers", "picket line",
            "on strike", "labor strike", "labour strike", "general strike", "workers strike",
            "union strike", "student strike", "rent strike", "hunger strike", "strikers",
            "striking workers", "walkout", "walkouts",
            "boycott", "boycotts", "boycotted", "boycotting",
            "petition drive", "petition drives", "signature drive", "collecting signatures",
            "gathering signatures",
            "political meeting", "political meetings", "political assembly", "political gathering",
            "political event", "political organizing", "campaign event", "town hall meeting",
            "peaceful assembly", "civil disobedience", "free speech", "first amendment",
            "religious service", "religious services", "worship", "worshiping", "worshipping",
            "worshiper", "worshipers", "worshipper", "worshippers", "worship service",
            "church service", "church services", "prayer service", "prayer meeting",
            "prayer vigil", "sunday service", "friday prayer", "friday prayers", "sermon",
            "congregation", "congregants",
            "journalist", "journalists", "photojournalist", "photojournalists", "news reporter",
            "news reporters", "news crew", "news crews", "press conference",
            "members of the press", "press photographer", "newsgathering", "news gathering",
            "filming police", "filming officers", "recording police", "recording officers");

    /**
     * Safe phrases for {@link #FIRST_AMENDMENT_TERMS}: a building is not a service
     * ({@code place of worship}), a fence is not a picket, a rally car is not a rally.
     * {@code marching band} needs no entry because {@code march} forms match only in the phrases
     * above; it is listed to document that it passes.
     */
    public static final List<String> FIRST_AMENDMENT_SAFE = List.of(
            "picket fence", "picket fences", "rally car", "rally cars", "rally stripe",
            "rally stripes", "place of worship", "places of worship", "house of worship",
            "houses of worship", "marching band", "marching bands");

    /**
     * Triggers for {@link #PRESSURE}: wording that tells owners they have to share. Owners share
     * voluntarily; a request may ask, never demand. Modal phrases are matched only with the
     * pressured party or the demanded act ({@code you must}, {@code must provide}), because
     * {@code must} alone is common in descriptions ("the suspect must have used a ladder").
     * {@code warrant} and {@code court order} are not triggers: they usually concern the suspect.
     */
    public static final List<String> PRESSURE_TERMS = List.of(
            "you must", "you are required", "youre required", "you are obligated",
            "youre obligated", "residents must", "owners must", "must provide", "must share",
            "must upload", "must submit", "must comply", "must cooperate", "must respond",
            "required by law", "required by state law", "legally required", "legally obligated",
            "legal obligation", "legal duty", "the law requires", "obligated", "obliged",
            "mandatory", "compulsory", "compelled", "failure to comply", "fail to comply",
            "failing to comply", "non compliance", "noncompliance", "or else", "subpoena",
            "subpoenas", "subpoenaed", "we will subpoena", "penalty", "penalties",
            "obstruction of justice", "obstructing justice", "no choice", "illegal to refuse",
            "refusal is a crime", "refusing is a crime");

    /**
     * Safe phrases for {@link #PRESSURE_TERMS}: negations that reassure owners, such as
     * {@code you are not obligated} or {@code there is no legal obligation}.
     */
    public static final List<String> PRESSURE_SAFE = List.of(
            "not obligated", "not obliged", "not required", "not mandatory", "not compulsory",
            "no obligation", "under no obligation", "without obligation", "not legally required",
            "not legally obligated", "not required by law", "no legal obligation",
            "not a legal obligation", "no penalty", "no penalties");

    /**
     * Triggers for {@link #IMMIGRATION_ENFORCEMENT}. The bare word {@code immigration} is not a
     * trigger, so an immigration-consultant fraud case passes; {@code ice} only counts in agency
     * phrases ({@code ice raid}), never alone ("black ice").
     */
    public static final List<String> IMMIGRATION_TERMS = List.of(
            "immigration status", "immigration enforcement", "immigration violation",
            "immigration violations", "immigration check", "immigration checks",
            "immigration sweep", "immigration raid", "immigration raids", "immigration operation",
            "immigration hold", "immigration detainer", "immigration and customs enforcement",
            "undocumented", "illegal alien", "illegal aliens", "illegal immigrant",
            "illegal immigrants", "illegal immigration", "illegals", "deportation", "deportations",
            "deport", "deported", "deporting", "deportable", "removal proceedings",
            "ice operation", "ice operations", "ice raid", "ice raids", "ice agent", "ice agents",
            "ice officer", "ice officers", "ice detainer", "ice enforcement", "ice custody",
            "ice hold", "ice warrant", "border patrol", "visa overstay", "overstayed visa",
            "overstayed their visa", "overstayed his visa", "overstayed her visa",
            "citizenship status", "287 g", "without papers", "alien registration");

    /**
     * Race, ethnicity, national-origin, religion and skin-tone words for {@link #PROFILING}.
     *
     * <p><b>Heuristic.</b> The description is split into sentences (terminal punctuation followed
     * by whitespace and a capital letter, so "approx. 6 ft" stays one sentence), and a sentence
     * that starts with one of {@link #PROFILING_CONTINUATION_WORDS} ("He wore…", "Suspect is…")
     * joins the previous one into one passage about the same person. In a passage, a
     * <em>protected reference</em> is either one of {@link #PROFILING_GROUP_NOUNS}, or a
     * descriptor from this list that refers to a person: followed by one of
     * {@link #PROFILING_PERSON_NOUNS} across at most {@link #PROFILING_MAX_GAP_TOKENS}
     * {@link #PROFILING_MODIFIERS}, other descriptors or "and"/"or" ("black male",
     * "young hispanic or white man"), or preceded by a person noun across at most that many
     * {@link #PROFILING_LINKING_WORDS} ("suspect was described as asian", "male of arab
     * descent"). The passage is refused when it has a protected reference and none of
     * {@link #PROFILING_DETAIL_CUES} and no stated height (5'10, 6 ft, 180 cm).
     *
     * <p>Consequences: colour words describe a person only next to a person noun, so "black
     * hoodie" or "white van" are not references; gender and age never count as detail; vague
     * presence words (walking, loitering, suspicious, seen in the area) are deliberately not cues,
     * because "black male walking in the neighbourhood" is the pattern this rule exists to stop.
     * A descriptor within {@link #PROFILING_VICTIM_WINDOW_TOKENS} words after a victim word is not
     * a reference, since a victim's description does not direct footage at a group. Known misses:
     * a detail in an unrelated clause of the same sentence satisfies the rule, and a detail in a
     * following sentence that does not start with a continuation word does not.
     */
    public static final List<String> PROFILING_DESCRIPTORS = List.of(
            "black", "white", "brown", "hispanic", "latino", "latina", "latinx", "latine",
            "asian", "african", "african american", "arab", "arabic", "middle eastern",
            "native american", "indigenous", "caucasian", "mexican", "chinese", "japanese",
            "korean", "vietnamese", "filipino", "indian", "pakistani", "somali", "haitian",
            "jamaican", "puerto rican", "dominican", "cuban", "salvadoran", "guatemalan",
            "honduran", "nigerian", "ethiopian", "russian", "ukrainian", "polish", "roma",
            "romani", "gypsy", "muslim", "jewish", "sikh", "hindu", "christian", "catholic",
            "buddhist", "mormon", "biracial", "mixed race", "foreign", "immigrant",
            "dark skinned", "light skinned", "brown skinned", "olive skinned");

    /** Words that name people by a protected group on their own ("hispanics", "people of color"). */
    public static final List<String> PROFILING_GROUP_NOUNS = List.of(
            "blacks", "whites", "hispanics", "latinos", "latinas", "asians", "africans",
            "african americans", "arabs", "mexicans", "muslims", "jews", "sikhs", "hindus",
            "immigrants", "foreigners", "gypsies", "minorities", "person of color",
            "persons of color", "people of color", "poc");

    /** Nouns that make a descriptor refer to a person. */
    public static final List<String> PROFILING_PERSON_NOUNS = List.of(
            "male", "males", "female", "females", "man", "men", "woman", "women", "guy", "guys",
            "person", "persons", "people", "individual", "individuals", "subject", "subjects",
            "suspect", "suspects", "teen", "teens", "teenager", "teenagers", "youth", "youths",
            "kid", "kids", "boy", "boys", "girl", "girls", "juvenile", "juveniles", "adult",
            "adults", "gentleman", "gentlemen", "lady", "ladies", "dude", "dudes", "couple",
            "group", "family");

    /** Words allowed between a descriptor and the person noun it describes. */
    public static final List<String> PROFILING_MODIFIERS = List.of(
            "young", "younger", "old", "older", "elderly", "middle", "aged", "teenage", "adult",
            "male", "female", "looking", "appearing");

    /** Words allowed between a person noun and a descriptor that follows it. */
    public static final List<String> PROFILING_LINKING_WORDS = List.of(
            "is", "was", "are", "were", "be", "to", "appeared", "appears", "looked", "looks",
            "seemed", "seems", "described", "as", "possibly", "probably", "maybe", "likely", "a",
            "an", "of", "descent", "origin", "heritage");

    /** Words that name the victim; a descriptor just after one is not a suspect description. */
    public static final List<String> PROFILING_VICTIM_WORDS = List.of(
            "victim", "victims", "complainant", "complainants");

    /** How many words before a descriptor are searched for a victim word. */
    public static final int PROFILING_VICTIM_WINDOW_TOKENS = 4;

    /** How many skippable words may separate a descriptor from its person noun. */
    public static final int PROFILING_MAX_GAP_TOKENS = 4;

    /** First words (after an optional article) of a sentence that continues describing a person. */
    public static final List<String> PROFILING_CONTINUATION_WORDS = List.of(
            "he", "she", "they", "his", "her", "their", "him", "them", "suspect", "suspects",
            "subject", "subjects", "male", "female", "wearing", "wore", "dressed", "described",
            "last", "approx", "approximately", "about", "around", "height", "build", "hair",
            "also", "possibly", "both", "one");

    /**
     * Identifying details: clothing, vehicles, build, hair and facial hair, marks, items carried
     * and specific observable acts. A stated height also counts (see
     * {@link #PROFILING_DESCRIPTORS}).
     */
    public static final List<String> PROFILING_DETAIL_CUES = List.of(
            // clothing
            "shirt", "tshirt", "hoodie", "hoody", "hooded", "sweatshirt", "sweater", "jacket",
            "coat", "vest", "jersey", "uniform", "pants", "jeans", "shorts", "trousers",
            "sweatpants", "skirt", "dress", "hat", "cap", "beanie", "hood", "helmet", "mask",
            "balaclava", "gloves", "shoes", "sneakers", "boots", "sandals", "scarf", "bandana",
            "glasses", "sunglasses", "wearing", "wore", "worn", "dressed", "clothing", "clothes",
            "outfit", "logo",
            // vehicle
            "car", "vehicle", "sedan", "coupe", "hatchback", "truck", "pickup", "van", "minivan",
            "suv", "jeep", "motorcycle", "motorbike", "moped", "scooter", "bike", "bicycle",
            "ebike", "plate", "plates", "honda", "toyota", "ford", "chevy", "chevrolet", "nissan",
            "hyundai", "kia", "bmw", "mercedes", "tesla", "dodge", "subaru", "volkswagen", "vw",
            "audi", "lexus", "mazda",
            // build, hair, marks
            "build", "heavyset", "stocky", "slender", "skinny", "thin", "muscular", "overweight",
            "beard", "bearded", "goatee", "mustache", "moustache", "stubble", "hair", "haired",
            "bald", "balding", "braids", "braided", "dreadlocks", "dreads", "afro", "ponytail",
            "mohawk", "tattoo", "tattoos", "tattooed", "scar", "scars", "birthmark", "piercing",
            "pierced", "earring", "earrings", "limp", "limping", "crutches", "wheelchair",
            // items carried
            "carrying", "carried", "holding", "backpack", "bag", "duffel", "purse", "box",
            "package", "crowbar", "hammer", "tool", "tools", "flashlight", "knife", "gun",
            "handgun", "pistol", "rifle", "firearm", "weapon", "bat", "cart", "suitcase",
            // specific acts
            "riding", "rode", "driving", "drove", "pushing", "pulling", "dragging", "climbing",
            "climbed", "jumped", "smashing", "smashed", "prying", "pried", "kicking", "kicked",
            "punched", "stabbed", "shot", "snatched", "grabbed");

    private static final List<Rule> RULES = List.of(
            new Rule(FIRST_AMENDMENT, "Requests about protests, demonstrations, rallies, vigils,"
                    + " pickets, strikes, boycotts, petition drives, political meetings, religious"
                    + " services or newsgathering are refused."),
            new Rule(PROFILING, "A person may not be described only by race, ethnicity, national"
                    + " origin, religion or skin tone; add clothing, vehicle, height or build,"
                    + " hair, tattoos, items carried or a specific act."),
            new Rule(PRESSURE, "Sharing is voluntary: wording that tells owners they must,"
                    + " are legally required to, or face penalties or subpoenas is refused."),
            new Rule(IMMIGRATION_ENFORCEMENT, "Requests about immigration status, undocumented"
                    + " people, deportation or ICE operations are refused."));

    private static final Text.PhraseList FIRST_AMENDMENT_LIST =
            new Text.PhraseList(FIRST_AMENDMENT_TERMS, FIRST_AMENDMENT_SAFE);
    private static final Text.PhraseList PRESSURE_LIST =
            new Text.PhraseList(PRESSURE_TERMS, PRESSURE_SAFE);
    private static final Text.PhraseList IMMIGRATION_LIST =
            new Text.PhraseList(IMMIGRATION_TERMS, List.of());

    private Moderation() {
    }

    /**
     * Returns the moderation rules in the order they are checked.
     *
     * @return an unmodifiable list of the four rules
     */
    public static List<Rule> rules() {
        return RULES;
    }

    /**
     * Returns the first moderation violation, in the order of {@link #rules()}.
     *
     * @param incidentType the incident type as submitted; null is treated as empty
     * @param description the free-text description; null is treated as empty
     * @return the first violation, or empty when the text passes
     */
    public static Optional<Violation> check(String incidentType, String description) {
        List<Violation> all = checkAll(incidentType, description);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Returns every moderation violation, at most one per rule and field, in the order of
     * {@link #rules()} and, within a rule, {@code incidentType} before {@code description}.
     *
     * @param incidentType the incident type as submitted; null is treated as empty
     * @param description the free-text description; null is treated as empty
     * @return an unmodifiable list, empty when the text passes
     */
    public static List<Violation> checkAll(String incidentType, String description) {
        List<String> typeTokens = Text.tokens(incidentType == null ? "" : incidentType);
        String text = description == null ? "" : description;
        List<String> textTokens = Text.tokens(text);
        List<Violation> out = new ArrayList<>();
        phrase(out, FIRST_AMENDMENT, FIRST_AMENDMENT_LIST, typeTokens, textTokens,
                "requests about protests or other lawful First Amendment activity are not allowed");
        String descriptor = Profiling.raceOnlyDescriptor(text);
        if (descriptor != null) {
            out.add(new Violation(PROFILING, "description", "description describes a person only as \""
                    + descriptor + "\"; race, ethnicity, origin or religion must come with clothing,"
                    + " vehicle, height, build, hair, tattoos, items carried or a specific act"));
        }
        phrase(out, PRESSURE, PRESSURE_LIST, typeTokens, textTokens,
                "sharing footage is voluntary; ask owners, do not tell them they must");
        phrase(out, IMMIGRATION_ENFORCEMENT, IMMIGRATION_LIST, typeTokens, textTokens,
                "immigration enforcement is not an eligible purpose");
        return List.copyOf(out);
    }

    private static void phrase(List<Violation> out, String code, Text.PhraseList list,
            List<String> typeTokens, List<String> textTokens, String allowed) {
        String inType = list.firstMatch(typeTokens);
        if (inType != null) {
            out.add(new Violation(code, "incidentType", "incidentType contains \"" + inType + "\"; " + allowed));
        }
        String inText = list.firstMatch(textTokens);
        if (inText != null) {
            out.add(new Violation(code, "description", "description contains \"" + inText + "\"; " + allowed));
        }
    }

    /**
     * One moderation rule, for documentation and API descriptions.
     *
     * @param code the stable kebab-case rule code used in {@link Violation#code()}
     * @param summary one sentence saying what the rule refuses
     */
    public record Rule(String code, String summary) {
    }
}
