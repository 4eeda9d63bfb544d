#include "data/role_vocabulary.h"

#include <optional>
#include <vector>

#include <fmt/format.h>

#include "data/header_units.h"
#include "data/name_words.h"

namespace twinbench {
namespace {

struct Keywords {
    std::vector<std::string_view> words;     // whole words
    std::vector<std::string_view> prefixes;  // start of a word (German compounds: "Solltemperatur")
    std::vector<std::string_view> suffixes;  // end of a word ("Bandgeschwindigkeit")
    std::vector<std::string_view> phrases;   // anywhere ("set point", "feed rate")
};

struct NameRule {
    Role role;
    std::string_view what;
    Keywords keywords;
};

// The keyword of the list that the name holds, if any.
std::optional<std::string_view> match(const std::string& words, const Keywords& k) {
    for (const auto w : k.words)
        if (name_words::has_word(words, w)) return w;
    for (const auto w : k.prefixes)
        if (name_words::has_prefix_word(words, w)) return w;
    for (const auto w : k.suffixes)
        if (name_words::has_suffix_word(words, w)) return w;
    for (const auto w : k.phrases)
        if (words.find(w) != std::string::npos) return w;
    return std::nullopt;
}

// Numbers that name things rather than measure them.
const Keywords identifier_words{
    {"id", "code", "serial", "sn", "nr", "nummer", "udi", "uid", "guid"},
    {"seriennummer", "teilenummer", "artikelnummer"},
    {"nummer"},
    {"part number", "serial number", "product number", "order number"}};

const Keywords feed_words{{"feed", "raw", "incoming", "zulauf", "eingang", "alimentation"},
                          {"rohstoff", "rohmaterial", "feed"},
                          {},
                          {}};
const Keywords feed_properties{
    {"solids", "moisture", "density", "quality", "concentration", "temperature", "temp", "ph",
     "viscosity", "composition", "brix", "ash", "grade", "humidity", "fat", "protein", "dm", "tds"},
    {"feuchte", "dichte", "qualität", "konzentration", "temperatur", "viskosität", "feststoff",
     "trockensubstanz"},
    {"feuchte", "dichte", "temperatur", "gehalt"},
    {}};
const Keywords raw_material_words{{"solids", "dm", "tds"},
                                  {"feststoff", "trockensubstanz", "rohstoff", "rohmaterial"},
                                  {"feststoff"},
                                  {"dry matter", "raw material", "dry substance"}};

const std::vector<NameRule>& numeric_rules() {
    static const std::vector<NameRule> rules{
        {Role::control,
         "a setpoint",
         {{"setpoint", "sp", "sv", "set", "target", "soll", "sollwert", "consigne", "consigna",
           "vorgabe"},
          {"sollwert", "solltemp", "soll"},
          {"sollwert"},
          {"set point", "set value"}}},
        {Role::control,
         "an actuator",
         {{"valve", "valves", "opening", "position", "damper", "ventil", "klappe", "vanne",
           "válvula", "valvula", "op", "mv", "stellgrad", "stellung"},
          {"ventil", "klappe", "öffnung", "oeffnung", "stellgrad"},
          {"ventil", "klappe", "öffnung", "oeffnung", "stellung"},
          {}}},
        {Role::output,
         "an emission",
         {{"nox", "no2", "co", "co2", "so2", "sox", "o2", "hcl", "voc", "dust", "opacity",
           "emission", "emissions", "staub"},
          {"emission"},
          {"staub"},
          {}}},
        {Role::output,
         "a quality or yield of the product",
         {{"moisture", "quality", "yield", "purity", "qualität", "ausbeute", "rendement",
           "rendimiento", "reinheit"},
          {"restfeuchte", "endfeuchte", "produktfeuchte", "restwasser"},
          {"restfeuchte", "endfeuchte"},
          {}}},
        {Role::output,
         "a count of rejects",
         {{"scrap", "scrapped", "reject", "rejects", "rejected", "defect", "defects", "defective",
           "waste", "rework", "nok", "nio", "bad", "rebut", "rebuts", "rechazo"},
          {"ausschuss", "offspec", "fehler"},
          {"ausschuss"},
          {"off spec", "out of spec"}}},
        {Role::output,
         "a count of products",
         {{"good", "produced", "production", "parts", "pieces", "bags", "units", "teile", "stück",
           "stueck"},
          {},
          {"teile"},
          {}}},
        {Role::output,
         "an energy or power reading",
         {{"energy", "consumption", "power", "usage", "energie", "énergie", "verbrauch",
           "consommation", "consumo"},
          {"energie", "verbrauch", "leistungsaufnahme"},
          {"verbrauch", "energie"},
          {}}},
        {Role::output,
         "a condition at the outlet or of the product",
         {{"outlet", "exit", "discharge", "exhaust", "stack", "product", "produkt", "final",
           "sortie", "salida", "austritt", "auslauf", "abluft", "abgas", "ausgang"},
          {"austritt", "auslauf", "abluft", "abgas", "produkt"},
          {"austritt", "abluft", "abgas"},
          {}}},
        {Role::disturbance,
         "an ambient condition",
         {{"ambient", "outdoor", "outside", "weather", "room", "ambiante", "ambiant", "ambiente",
           "extérieur", "exterieur", "exterior", "barometric", "atmospheric", "wind", "rh",
           "humidity", "humidité", "humedad", "dewpoint"},
          {"umgebung", "außen", "aussen", "halle", "raumtemp", "wetter", "luftfeuchte", "luftdruck",
           "feuchte", "feuchtigkeit", "taupunkt"},
          {"luftfeuchte", "luftdruck"},
          {"air pressure", "dew point", "relative humidity"}}},
        {Role::output,
         "a weighing",
         {{"wägezelle", "waegezelle"}, {}, {"wägezelle"}, {"load cell"}}},
        {Role::disturbance,
         "a calendar column",
         {{"hour", "weekday", "day", "week", "month", "year", "season", "stunde", "wochentag",
           "woche", "monat", "jahr", "dow", "doy"},
          {},
          {"wochentag"},
          {"day of week", "day of year", "hour of day"}}},
        {Role::control,
         "a rate or speed someone sets",
         {{"dosing", "dosage", "speed", "rpm", "load", "demand", "throttle", "dosierung", "vitesse",
           "velocidad", "velocity", "drehzahl", "zufuhr", "débit", "caudal"},
          {"dosier", "geschwindigkeit", "drehzahl"},
          {"geschwindigkeit", "drehzahl", "zufuhr"},
          {"feed rate", "feedrate", "feed flow", "dosing rate", "load demand"}}},
        {Role::output,
         "a controller's measured value",
         {{"pv", "istwert", "ist", "actual", "measured"}, {"istwert"}, {"istwert"}, {}}},
    };
    return rules;
}

const std::vector<NameRule>& categorical_rules() {
    static const std::vector<NameRule> rules{
        {Role::control,
         "a recipe or programme the operator picks",
         {{"recipe", "rezept", "program", "programme", "programm", "recette", "receta", "setting",
           "einstellung"},
          {"rezept", "programm"},
          {"rezept", "programm"},
          {}}},
        {Role::disturbance,
         "a calendar column",
         {{"day", "week", "weekday", "weekstatus", "month", "season", "shift", "wochentag",
           "feiertag", "woche", "monat", "schicht", "jour", "semaine", "turno"},
          {"wochen", "schicht"},
          {"schicht"},
          {"day of week"}}},
        {Role::disturbance,
         "a grade, product, load or supplier",
         {{"grade", "material", "product", "produkt", "load", "type", "typ", "supplier", "feed",
           "sorte", "lieferant", "alloy", "legierung", "article", "artikel"},
          {"sorte", "material", "produkt", "lieferant", "artikel"},
          {"sorte", "typ", "material"},
          {}}},
    };
    return rules;
}

std::string unit_note(std::string_view unit) {
    return unit.empty() ? "" : fmt::format(", {}", unit);
}

bool is_energy_unit(std::string_view unit) {
    for (const auto u : {"kWh", "MWh", "Wh", "GJ", "MJ", "kW", "MW", "kVarh", "kVArh", "kvarh",
                         "kVAh", "kVAr", "kvar", "kVA"})
        if (unit == u) return true;
    return false;
}

}  // namespace

std::optional<NameEvidence> generic_name_evidence(std::string_view name, std::string_view unit,
                                                  ColumnType type) {
    const std::string words = lowercase_words(name);
    if (type == ColumnType::categorical) {
        for (const auto& rule : categorical_rules())
            if (const auto hit = match(words, rule.keywords))
                return NameEvidence{rule.role, fmt::format("named like {} ({})", rule.what, *hit)};
        return std::nullopt;
    }
    if (type == ColumnType::timestamp) return std::nullopt;
    const auto& rules = numeric_rules();
    if (const auto hit = match(words, identifier_words))
        return NameEvidence{
            Role::none,
            fmt::format("named like an identifier ({}), a number that names things", *hit)};
    // 1. setpoint
    if (const auto hit = match(words, rules[0].keywords))
        return NameEvidence{Role::control, fmt::format("named like a setpoint ({})", *hit)};
    // 2. a property of what comes in
    if (const auto feed = match(words, feed_words)) {
        if (const auto property = match(words, feed_properties))
            return NameEvidence{
                Role::disturbance,
                fmt::format("named like a property of the feed ({} {})", *feed, *property)};
    }
    if (const auto hit = match(words, raw_material_words))
        return NameEvidence{Role::disturbance,
                            fmt::format("named like a property of the feed ({})", *hit)};
    for (std::size_t r = 1; r < rules.size(); ++r) {
        const auto& rule = rules[r];
        // A count unit says "a count of something made" where the words do not.
        if (rule.what == std::string_view("a count of products") && unit == "count" &&
            !match(words, rule.keywords))
            return NameEvidence{Role::output, "a count per interval (count)"};
        if (rule.what == std::string_view("an energy or power reading") && is_energy_unit(unit))
            return NameEvidence{Role::output, fmt::format("an energy or power reading ({})", unit)};
        if (const auto hit = match(words, rule.keywords))
            return NameEvidence{
                rule.role, fmt::format("named like {} ({}{})", rule.what, *hit, unit_note(unit))};
    }
    if (unit == "rpm") return NameEvidence{Role::control, "a rotational speed (rpm)"};
    return std::nullopt;
}

bool has_furnace_words(std::string_view name) {
    const std::string words = lowercase_words(name);
    return name_words::any_prefix(words, {"furnace", "oven", "ofen", "kiln", "horno", "forno",
                                          "curing", "cure", "brennofen", "härteofen"}) ||
           name_words::any_suffix(words, {"ofen"}) ||
           name_words::any_word(words, {"four", "fours"});
}

bool names_a_line_speed(std::string_view name, std::string_view unit) {
    const std::string words = lowercase_words(name);
    if (name_words::any_word(words, {"wind"})) return false;
    return unit == "m/min" ||
           name_words::any_prefix(words, {"line", "linie", "conveyor", "belt", "band", "förder",
                                          "foerder", "chain", "kette", "strip", "bahn"});
}

bool names_other_equipment(std::string_view name) {
    const std::string words = lowercase_words(name);
    return name_words::any_prefix(words, {"dryer", "drier", "trockner", "séchoir", "sechoir",
                                          "secador", "extruder", "spray"}) ||
           name_words::any_suffix(words, {"trockner", "extruder"});
}

bool is_temperature_name(std::string_view name, std::string_view unit) {
    if (unit == "°C" || unit == "K" || unit == "°F") return true;
    const std::string words = lowercase_words(name);
    return name_words::contains(words, {"temp", "température", "temperatura"});
}

}  // namespace twinbench
