#include "sim/kpis.h"

#include <stdexcept>

namespace twinbench {

double& kpi_ref(Kpis& k, std::size_t i) {
    switch (i) {
        case 0:
            return k.throughput_per_h;
        case 1:
            return k.scrap_rate;
        case 2:
            return k.energy_kwh;
        case 3:
            return k.energy_kwh_per_part;
        case 4:
            return k.energy_cost;
        case 5:
            return k.core_temp_c;
        case 6:
            return k.availability;
        default:
            throw std::out_of_range("kpi index");
    }
}

double kpi_value(const Kpis& k, std::size_t i) {
    return kpi_ref(const_cast<Kpis&>(k), i);
}

int kpi_index(std::string_view key) {
    for (std::size_t i = 0; i < kpi_keys.size(); ++i)
        if (kpi_keys[i] == key) return static_cast<int>(i);
    return -1;
}

std::string kpi_unit(std::size_t i, std::string_view currency) {
    static constexpr std::array<std::string_view, 7> units{"parts/h",
                                                           "",
                                                           "kWh",
                                                           "kWh/part",
                                                           "",  // the currency
                                                           "\xC2\xB0"
                                                           "C",
                                                           ""};
    if (kpi_keys.at(i) == "energy_cost")
        return currency.empty() ? std::string("currency units") : std::string(currency);
    return std::string(units.at(i));
}

nlohmann::json to_json(const Kpis& k) {
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < kpi_keys.size(); ++i) {
        const double v = kpi_value(k, i);
        j[std::string(kpi_keys[i])] =
            std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
    }
    return j;
}

}  // namespace twinbench
