// The key performance indicators of a simulated (or recorded) stretch of production, with
// the meaning of PRODUCT.md's `simulate` JSON keys.
#pragma once

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace twinbench {

struct Kpis {
    double throughput_per_h = std::numeric_limits<double>::quiet_NaN();  // good parts per hour
    double scrap_rate = std::numeric_limits<double>::quiet_NaN();        // scrap / produced
    double energy_kwh = std::numeric_limits<double>::quiet_NaN();
    double energy_kwh_per_part = std::numeric_limits<double>::quiet_NaN();  // per good part
    double energy_cost = std::numeric_limits<double>::quiet_NaN();
    double core_temp_c = std::numeric_limits<double>::quiet_NaN();   // mean over produced parts
    double availability = std::numeric_limits<double>::quiet_NaN();  // share of time running

    // Totals behind the rates (not part of the JSON contract, shown in reports).
    double hours = 0.0;
    double produced = 0.0;
    double scrap = 0.0;
    int maintenance_count = 0;
};

// KPI keys in PRODUCT.md order; the index is the one kpi_value takes.
inline constexpr std::array<std::string_view, 7> kpi_keys{
    "throughput_per_h", "scrap_rate",  "energy_kwh",  "energy_kwh_per_part",
    "energy_cost",      "core_temp_c", "availability"};

// Value of the KPI at index i of kpi_keys.
double kpi_value(const Kpis& k, std::size_t i);
double& kpi_ref(Kpis& k, std::size_t i);
// Index of a KPI key, -1 when unknown.
int kpi_index(std::string_view key);

// Unit text for display ("1/h", "", "kWh", "kWh/part", currency, "°C", "").
// Unit of KPI i; the energy cost is in the tariff's currency ("currency units" when none).
std::string kpi_unit(std::size_t i, std::string_view currency);

// {"throughput_per_h": ..., ...}; NaN becomes null.
nlohmann::json to_json(const Kpis& k);

}  // namespace twinbench
