// What a column's name and unit say about its generic role (PRODUCT.md section 4):
// control, disturbance or output. English and German words, with a few French and Spanish
// ones, and the tag suffixes of control systems (SP, OP, PV).
//
// Rules, first match wins (a rule's keywords are whole words, word starts, and for German
// compounds word ends):
//   numeric columns
//    0. an identifier (ID, code, serial, Nr, ...nummer, part number)       -> none
//    1. a setpoint (setpoint, SP, SV, set, target, Soll..., consigne)      -> control
//    2. a property of the feed or raw material (feed/raw/incoming + solids, moisture,
//       density, quality, temperature...; solids, dry matter, Rohstoff)    -> disturbance
//    3. an actuator (valve, opening, position, damper, Ventil, Klappe, OP, MV) -> control
//    4. an emission (NOx, CO, CO2, SO2, O2, dust, opacity)                 -> output
//    5. a quality or yield of the product (moisture, quality, yield, purity, Restfeuchte)
//                                                                          -> output
//    6. a count of rejects (scrap, reject, off-spec, defect, Ausschuss)    -> output
//    7. a count of products (produced, parts, bags, good, Teile; count unit) -> output
//    8. an energy or power reading (energy, consumption, power; kWh, kW, kVarh...) -> output
//    9. a condition at the outlet, exit or product (outlet, exit, discharge, exhaust,
//       product, Austritt, Abluft, Abgas, sortie, salida)                  -> output
//   10. an ambient condition (ambient, outdoor, weather, Umgebung, Außen, Halle, room,
//       humidity, RH, Feuchte, air pressure, barometric)                   -> disturbance
//   11. a weighing (load cell, Wägezelle)                                  -> output
//   12. a calendar column (hour, day, week, month, year, Wochentag)        -> disturbance
//   13. a rate or speed someone sets (feed rate, dosing, speed, Drehzahl, rpm, load,
//       demand)                                                            -> control
//   14. a controller's measured value (PV, Istwert, actual)                -> output
//   categorical columns
//    1. a recipe or programme the operator picks (recipe, Rezept, program) -> control
//    2. a calendar column (day, week, month, shift, Schicht)              -> disturbance
//    3. a grade, product, load or supplier (grade, Sorte, material, product, type, load,
//       supplier, feed)                                                    -> disturbance
// The movement of the column decides where the name says nothing (role_proposal.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "data/roles.h"

namespace twinbench {

struct NameEvidence {
    Role role = Role::none;  // control, disturbance, output, or none for an identifier
    // For the reason shown to the engineer: "named like a setpoint (sp)".
    std::string phrase;
};

std::optional<NameEvidence> generic_name_evidence(std::string_view name, std::string_view unit,
                                                  ColumnType type);

// Names a furnace line uses for its furnace or oven (furnace, oven, Ofen..., kiln, four,
// horno, curing): a temperature or setpoint named so marks the dataset as a furnace line.
bool has_furnace_words(std::string_view name);

// A conveyor's speed: in m/min, or named for a line, belt or conveyor (Band..., Linie,
// Förder...); not a wind speed in m/s.
bool names_a_line_speed(std::string_view name, std::string_view unit);

// Names of process equipment that is not a furnace (dryer, Trockner, séchoir, secador,
// extruder, spray): a belt dryer has a line speed and a heated air temperature too.
bool names_other_equipment(std::string_view name);

// A temperature unit (°C, K, °F) or a temperature word in the name.
bool is_temperature_name(std::string_view name, std::string_view unit);

}  // namespace twinbench
