// A small generated plant with planted causes of scrap, for the explainer's tests
// (issue 17): two lines run in turn every 30 minutes (line A on the hour, line B on the
// half hour), each through a sequence of material lots of three days; three shifts a day,
// each line run by one operator per shift. Planted:
// - lot B-05 (line B only, days 12-15) quadruples the scrap probability: the cause;
// - operator Olsen runs line B in 90 % of its shifts and line A in 5 % of A's: a
//   confounder, he is on duty for most of B-05 but changes nothing;
// - a humid week (days 28-35, +25 %RH) raises scrap through the process's own humidity
//   term, which the twin knows: attributed to the process.
// Scrap ~ Binomial(produced, p), logit p = -4 + 0.06 (humidity - 45) + 0.15 (speed - 12),
// the probability times 4 on lot B-05.
#pragma once

#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace twinbench::test {

struct PlantedPlant {
    static constexpr double start_s = 1772323200.0;  // 2026-03-01T00:00:00Z
    static constexpr double step_s = 1800.0;
    static constexpr int days = 42;
    static constexpr int humid_first_day = 28;
    static constexpr int humid_last_day = 35;  // exclusive
    static constexpr const char* bad_lot = "B-05";
    static constexpr const char* confounder = "Olsen";

    std::vector<double> time_s;
    std::vector<std::string> line, lot, operator_name, shift;
    std::vector<double> humidity, speed, produced, scrap;
    std::vector<std::uint8_t> bad;  // ground truth: the row ran the bad lot

    std::size_t rows() const { return time_s.size(); }
    // [start, end) of the bad lot and of the humid week, UTC seconds.
    double bad_lot_start_s = 0.0, bad_lot_end_s = 0.0;
    static double humid_start_s() { return start_s + humid_first_day * 86400.0; }
    static double humid_end_s() { return start_s + humid_last_day * 86400.0; }
};

inline PlantedPlant make_planted_plant(std::uint64_t seed) {
    PlantedPlant p;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const int steps = PlantedPlant::days * 48;
    const char* others[] = {"Akers", "Brandt", "Costa", "Dahl"};
    // One operator per line and shift: Olsen takes line B in 90 % of the shifts (and line A
    // in 5 %); the others fill in.
    std::vector<std::string> op_a(static_cast<std::size_t>(PlantedPlant::days * 3)), op_b(op_a.size());
    for (std::size_t s = 0; s < op_a.size(); ++s) {
        op_b[s] = uniform(rng) < 0.9 ? "Olsen" : others[rng() % 4];
        op_a[s] = (uniform(rng) < 0.05 && op_b[s] != "Olsen") ? "Olsen" : others[rng() % 4];
        if (op_a[s] == op_b[s]) op_a[s] = others[(rng() % 4)];
        if (op_a[s] == op_b[s]) op_a[s] = op_b[s] == others[0] ? others[1] : others[0];
    }
    double speed = 12.0;
    // The bad lot: the 5th on line B, i.e. days 12-15.
    p.bad_lot_start_s = PlantedPlant::start_s + 12 * 86400.0;
    p.bad_lot_end_s = PlantedPlant::start_s + 15 * 86400.0;
    for (int k = 0; k < steps; ++k) {
        const double t = PlantedPlant::start_s + k * PlantedPlant::step_s;
        const double day = (t - PlantedPlant::start_s) / 86400.0;
        const bool line_b = k % 2 == 1;
        const auto shift_index = static_cast<std::size_t>(day * 3.0);
        const int lot_number = static_cast<int>(day / 3.0) + 1;
        const std::string lot = fmt::format("{}-{:02d}", line_b ? "B" : "A", lot_number);
        if (uniform(rng) < 0.02) speed = 10.5 + 3.0 * uniform(rng);  // the operators' steps
        double humidity = 45.0 + 4.0 * std::sin(2.0 * M_PI * day) + 2.0 * normal(rng);
        if (day >= PlantedPlant::humid_first_day && day < PlantedPlant::humid_last_day) humidity += 25.0;
        const double produced = std::round(300.0 + 10.0 * normal(rng));
        double prob = 1.0 / (1.0 + std::exp(-(-4.0 + 0.06 * (humidity - 45.0) + 0.15 * (speed - 12.0))));
        const bool bad = lot == PlantedPlant::bad_lot;
        if (bad) prob = std::min(0.9, 4.0 * prob);
        std::binomial_distribution<int> scrap(static_cast<int>(produced), prob);
        p.time_s.push_back(t);
        p.line.push_back(line_b ? "B" : "A");
        p.lot.push_back(lot);
        p.operator_name.push_back(line_b ? op_b[shift_index] : op_a[shift_index]);
        p.shift.push_back(shift_index % 3 == 0 ? "night" : shift_index % 3 == 1 ? "early" : "late");
        p.humidity.push_back(humidity);
        p.speed.push_back(speed);
        p.produced.push_back(produced);
        p.scrap.push_back(scrap(rng));
        p.bad.push_back(bad);
    }
    return p;
}

// The historian as a plant exports it (ISO times in UTC), for the CLI tests.
inline void write_planted_historian(const PlantedPlant& p, const std::string& path) {
    std::ofstream out(path);
    out << "Time,Line,Lot,Operator,Humidity [%],Speed [m/min],Produced,Scrap\n";
    for (std::size_t i = 0; i < p.rows(); ++i) {
        const auto seconds = static_cast<long long>(p.time_s[i]) - static_cast<long long>(PlantedPlant::start_s);
        const long long day = seconds / 86400, rest = seconds % 86400;
        out << fmt::format("2026-{:02d}-{:02d}T{:02d}:{:02d}:00Z,{},{},{},{:.2f},{:.2f},{:.0f},{:.0f}\n",
                           day < 31 ? 3 : 4, day < 31 ? day + 1 : day - 30, rest / 3600, rest % 3600 / 60, p.line[i],
                           p.lot[i], p.operator_name[i], p.humidity[i], p.speed[i], p.produced[i], p.scrap[i]);
    }
}

}  // namespace twinbench::test
