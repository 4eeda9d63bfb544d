#include "sample/dryer_graph.h"

#include <string>

#include "sample/dryer_columns.h"
#include "sample/dryer_plant.h"

namespace twinbench {

namespace {

namespace col = dryer_columns;

std::string s(std::string_view v) {
    return std::string(v);
}

nlohmann::json signal(const DryerColumn& c, const char* file, const char* role) {
    return {{"name", s(c.name)},
            {"header", s(c.header)},
            {"unit", s(c.unit)},
            {"file", file},
            {"role", role}};
}

nlohmann::json dynamic_edge(const DryerColumn& from, double gain, const char* gain_unit,
                            double tau_min, double dead_time_min, const char* note) {
    nlohmann::json e = {{"from", s(from.name)},
                        {"to", s(col::outlet.name)},
                        {"form", "first_order_dead_time"},
                        {"gain", gain},
                        {"gain_unit", gain_unit},
                        {"tau_min", tau_min},
                        {"dead_time_min", dead_time_min}};
    if (note != nullptr) {
        e["note"] = note;
    }
    return e;
}

nlohmann::json static_edge(const DryerColumn& from, const DryerColumn& to, double gain,
                           const char* gain_unit, const char* note) {
    nlohmann::json e = {{"from", s(from.name)},
                        {"to", s(to.name)},
                        {"form", "static"},
                        {"gain", gain},
                        {"gain_unit", gain_unit}};
    if (note != nullptr) {
        e["note"] = note;
    }
    return e;
}

}  // namespace

nlohmann::json dryer_graph_json(const DryerTruth& t, int step_minutes) {
    // The reference operating point: feed and solids that give the reference water load.
    const double solids_ref = t.moisture_solids_ref_pct;
    const double feed_ref = t.water_load_ref_kg_per_h / (1.0 - solids_ref / 100.0);
    const double moisture_ref = t.moisture_ref_pct;
    const double step_h = static_cast<double>(step_minutes) / 60.0;
    const double bag_h = static_cast<double>(bag_interval_steps(t, step_minutes)) * step_h;
    const double per_K_kwh =
        t.dry_air_flow_kg_per_h *
        (t.air_heat_capacity_kJ_per_kgK +
         t.humidity_ref_g_per_kg / 1000.0 * t.vapour_heat_capacity_kJ_per_kgK) /
        3600.0 / t.burner_efficiency * step_h;
    const double per_humidity_kwh =
        t.dry_air_flow_kg_per_h / 1000.0 * t.vapour_heat_capacity_kJ_per_kgK *
        (t.inlet_ref_degC - t.ambient_ref_degC) / 3600.0 / t.burner_efficiency * step_h;
    const double dry = 1.0 - moisture_ref / 100.0;
    const double bags_per_feed = solids_ref / 100.0 / dry * bag_h / t.bag_mass_kg;
    const double bags_per_solids = feed_ref / 100.0 / dry * bag_h / t.bag_mass_kg;
    const double bags_per_moisture =
        feed_ref * solids_ref / 100.0 / (100.0 * dry * dry) * bag_h / t.bag_mass_kg;

    nlohmann::json g;
    g["note"] =
        "The causal structure a correct engineer would declare. Names are the column names as "
        "`import` lists them (units split off). Gains are at the reference operating point "
        "(outlet.*_ref, feed = water_load_ref / (1 - solids_ref/100), moisture = "
        "moisture.ref_pct); "
        "where the physics is not linear the note says how the gain varies. Gas energy and bag "
        "gains are per historian step and per bagging interval of this sample.";
    g["signals"] = nlohmann::json::array({
        signal(col::inlet, dryer_historian_file, "control"),
        signal(col::feed, dryer_historian_file, "control"),
        signal(col::solids, dryer_historian_file, "disturbance"),
        signal(col::humidity, dryer_historian_file, "disturbance"),
        signal(col::ambient, dryer_historian_file, "disturbance"),
        signal(col::outlet, dryer_historian_file, "output"),
        signal(col::gas, dryer_historian_file, "output"),
        signal(col::moisture, dryer_lab_file, "output"),
        signal(col::bags_filled, dryer_bagging_file, "output"),
        signal(col::bags_offspec, dryer_bagging_file, "output"),
    });
    g["roles"] = {
        {"control", {s(col::inlet.name), s(col::feed.name)}},
        {"disturbance", {s(col::solids.name), s(col::humidity.name), s(col::ambient.name)}},
        {"output",
         {s(col::outlet.name), s(col::gas.name), s(col::moisture.name), s(col::bags_filled.name),
          s(col::bags_offspec.name)}},
    };
    g["outputs"] = {
        {s(col::outlet.name),
         {{"kind", "continuous"},
          {"model", "dynamic"},
          {"file", dryer_historian_file},
          {"sampling_min", step_minutes}}},
        {s(col::gas.name),
         {{"kind", "continuous"},
          {"model", "static"},
          {"file", dryer_historian_file},
          {"sampling_min", step_minutes},
          {"per", "historian step"}}},
        {s(col::moisture.name),
         {{"kind", "sparse"},
          {"model", "static"},
          {"file", dryer_lab_file},
          {"sampling", "lab samples about every 2 h, irregular"},
          {"upstream_outputs", {s(col::outlet.name)}}}},
        {s(col::bags_filled.name),
         {{"kind", "count"},
          {"model", "static"},
          {"file", dryer_bagging_file},
          {"sampling_min", bag_h * 60.0},
          {"upstream_outputs", {s(col::moisture.name)}}}},
        {s(col::bags_offspec.name),
         {{"kind", "count_of_total"},
          {"total", s(col::bags_filled.name)},
          {"model", "binomial"},
          {"file", dryer_bagging_file},
          {"sampling_min", bag_h * 60.0},
          {"upstream_outputs", {s(col::moisture.name)}}}},
    };
    g["edges"] = nlohmann::json::array({
        dynamic_edge(col::inlet, t.outlet_gain_inlet_degC_per_degC, "degC per degC",
                     t.inlet_tau_min, t.inlet_dead_time_min, nullptr),
        dynamic_edge(col::feed,
                     t.outlet_gain_water_load_degC_per_kg_per_h * (1.0 - solids_ref / 100.0),
                     "degC per kg/h", t.water_load_tau_min, t.water_load_dead_time_min,
                     "through the water load feed * (1 - solids/100): the gain is "
                     "gain_water_load * (1 - solids/100)"),
        dynamic_edge(col::solids, -t.outlet_gain_water_load_degC_per_kg_per_h * feed_ref / 100.0,
                     "degC per % solids", t.water_load_tau_min, t.water_load_dead_time_min,
                     "through the water load: the gain is -gain_water_load * feed / 100"),
        dynamic_edge(col::humidity, t.outlet_gain_humidity_degC_per_g_per_kg, "degC per g/kg",
                     t.humidity_tau_min, t.humidity_dead_time_min, nullptr),
        dynamic_edge(col::ambient, t.outlet_gain_ambient_degC_per_degC, "degC per degC",
                     t.ambient_tau_min, t.ambient_dead_time_min, nullptr),
        static_edge(col::outlet, col::moisture, t.moisture_b_outlet_pct_per_degC, "% per degC",
                    "quadratic: the slope is b_outlet + 2 b_outlet2 (outlet - outlet_ref_degC)"),
        static_edge(col::humidity, col::moisture, t.moisture_b_humidity_pct_per_g_per_kg,
                    "% per g/kg", nullptr),
        static_edge(col::solids, col::moisture, t.moisture_b_solids_pct_per_pct, "% per %",
                    nullptr),
        static_edge(
            col::inlet, col::gas, per_K_kwh, "kWh per step per degC",
            "the slope is dry_air_flow * (cp_air + cp_vapour * humidity/1000) / efficiency"),
        static_edge(col::ambient, col::gas, -per_K_kwh, "kWh per step per degC", nullptr),
        static_edge(col::humidity, col::gas, per_humidity_kwh, "kWh per step per g/kg",
                    "the slope is proportional to inlet - ambient"),
        static_edge(col::feed, col::bags_filled, bags_per_feed, "bags per interval per kg/h",
                    "powder = feed * solids/100 / (1 - moisture/100), whole 25 kg bags"),
        static_edge(col::solids, col::bags_filled, bags_per_solids,
                    "bags per interval per % solids", nullptr),
        static_edge(col::moisture, col::bags_filled, bags_per_moisture,
                    "bags per interval per % moisture", "wetter powder weighs more"),
        {{"from", s(col::moisture.name)},
         {"to", s(col::bags_offspec.name)},
         {"form", "logistic"},
         {"total", s(col::bags_filled.name)},
         {"intercept", t.offspec_b0},
         {"gain", t.offspec_b1_per_pct},
         {"gain_unit", "logit per % moisture"},
         {"note", "each bag off-spec with p = 1 / (1 + exp(-(b0 + b1 * bag moisture)))"}},
    });
    return g;
}

}  // namespace twinbench
