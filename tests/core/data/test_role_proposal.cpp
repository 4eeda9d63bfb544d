// The roles the importer proposes (role_proposal.h), with their reasons: on generated
// tables whose columns are known (operator steps, a process output, an ambient drift,
// counters, grades, identifiers), on a dryer's headers, and on a furnace without a line
// speed. The real data sets and the furnace exports are in test_role_proposal_real.cpp.
#include "data/role_proposal.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace twinbench {
namespace {

Column numeric(const std::string& name, const std::string& unit, std::vector<double> values) {
    Column c;
    c.name = name;
    c.header = unit.empty() ? name : name + " [" + unit + "]";
    c.unit = unit;
    c.type = ColumnType::numeric;
    c.values = std::move(values);
    return c;
}

Column categorical(const std::string& name, const std::vector<std::string>& labels) {
    Column c;
    c.name = c.header = name;
    c.type = ColumnType::categorical;
    std::map<std::string, std::int32_t> codes;
    for (const auto& label : labels) {
        const auto [it, added] = codes.emplace(label, static_cast<std::int32_t>(c.levels.size()));
        if (added) c.levels.push_back(label);
        c.codes.push_back(it->second);
    }
    return c;
}

Column time_axis(const std::string& name, Table& table, std::size_t rows, double step_s) {
    Column c;
    c.name = c.header = name;
    c.type = ColumnType::timestamp;
    c.role = Role::time;
    for (std::size_t i = 0; i < rows; ++i) {
        table.time_s.push_back(1.7e9 + step_s * static_cast<double>(i));
        c.values.push_back(table.time_s.back());
    }
    return c;
}

// One minute rows of a process: an operator steps `control`; `output` follows it with a
// time constant of 15 rows; `ambient` drifts on its own.
struct Process {
    std::vector<double> control, control2, output, output2, ambient, ambient2;
};

Process make_process(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> hold(45, 300);
    std::uniform_real_distribution<double> move(2.0, 8.0);
    std::bernoulli_distribution up(0.5);
    std::normal_distribution<double> unit(0.0, 1.0);
    Process p;
    double u = 190.0, u2 = 900.0, y = 0.0, y2 = 0.0, a = 0.0, a2 = 0.0;
    std::size_t next = hold(rng), next2 = hold(rng) + 20;
    for (std::size_t i = 0; i < n; ++i) {
        if (i == next) {
            u += up(rng) ? move(rng) : -move(rng);
            next += hold(rng);
        }
        if (i == next2) {
            u2 += (up(rng) ? 1.0 : -1.0) * 10.0 * move(rng);
            next2 += hold(rng);
        }
        a = 0.998 * a + 0.1 * unit(rng);
        a2 = 0.999 * a2 + 0.05 * unit(rng);
        const double target = 0.6 * u - 0.02 * u2 + 0.3 * a;
        y = i == 0 ? target : y + (target - y) / 15.0;
        y2 = i == 0 ? 0.1 * u2 : y2 + (0.1 * u2 + 0.05 * u - y2) / 10.0;
        p.control.push_back(u);
        p.control2.push_back(u2);
        p.output.push_back(y + 0.3 * unit(rng));
        p.output2.push_back(y2 + 0.2 * unit(rng));
        p.ambient.push_back(10.0 + a);
        p.ambient2.push_back(7.0 + a2 + 0.02 * unit(rng));
    }
    return p;
}

const RoleProposal& proposal_of(const std::vector<std::vector<RoleProposal>>& proposals,
                                const std::vector<const Table*>& tables, const std::string& name) {
    for (std::size_t s = 0; s < tables.size(); ++s)
        for (std::size_t c = 0; c < tables[s]->columns.size(); ++c)
            if (tables[s]->columns[c].name == name) return proposals[s][c];
    throw std::runtime_error("no column " + name);
}

void print(const std::vector<std::vector<RoleProposal>>& proposals,
           const std::vector<const Table*>& tables) {
    for (std::size_t s = 0; s < tables.size(); ++s)
        for (std::size_t c = 0; c < tables[s]->columns.size(); ++c)
            std::printf("  %-22s %-12s %s\n", tables[s]->columns[c].name.c_str(),
                        std::string(role_name(proposals[s][c].role)).c_str(),
                        proposals[s][c].reason.c_str());
}

bool ends_with_role(const RoleProposal& p) {
    const std::string tail = "-> " + std::string(role_name(p.role));
    return p.reason.size() > tail.size() &&
           p.reason.compare(p.reason.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(RoleProposal, TagNamedColumnsAreProposedFromHowTheyMove) {
    // Names that say nothing (control-system tags): only the movement can tell.
    const std::size_t n = 20000;
    const Process p = make_process(n, 3);
    Table t;
    t.name = "dcs_export";
    t.columns.push_back(time_axis("Zeit", t, n, 60.0));
    t.columns.push_back(numeric("FC201", "", p.control));
    t.columns.push_back(numeric("TI305", "°C", p.output));
    t.columns.push_back(numeric("XT9", "", p.ambient));
    std::vector<double> counter(n), constant(n, 4.0);
    for (std::size_t i = 0; i < n; ++i) counter[i] = static_cast<double>(i + 1);
    t.columns.push_back(numeric("N", "", counter));
    t.columns.push_back(numeric("K7", "", constant));
    std::vector<std::string> grades, serials;
    std::vector<double> flag;
    std::mt19937 rng(5);
    std::bernoulli_distribution coin(0.3);
    for (std::size_t i = 0; i < n; ++i) {
        grades.push_back(i / 2500 % 3 == 0 ? "A" : (i / 2500 % 3 == 1 ? "B" : "C"));
        serials.push_back("SN-" + std::to_string(100000 + i));
        flag.push_back(coin(rng) ? 1.0 : 0.0);
    }
    t.columns.push_back(categorical("G7", grades));
    t.columns.push_back(categorical("S1", serials));
    t.columns.push_back(numeric("B1", "", flag));
    const std::vector<const Table*> tables{&t};
    const auto proposals = propose_roles(tables);
    print(proposals, tables);

    const auto role = [&](const std::string& name) {
        return proposal_of(proposals, tables, name).role;
    };
    const auto reason = [&](const std::string& name) {
        return proposal_of(proposals, tables, name).reason;
    };
    EXPECT_EQ(role("Zeit"), Role::time);
    EXPECT_EQ(role("FC201"), Role::control);
    EXPECT_NE(reason("FC201").find("steps and holds between them: set by an operator"),
              std::string::npos);
    EXPECT_EQ(role("TI305"), Role::output);
    EXPECT_NE(reason("TI305").find("a measured temperature that follows the steps of 'FC201'"),
              std::string::npos);
    EXPECT_EQ(role("XT9"), Role::disturbance);
    EXPECT_NE(reason("XT9").find("drifts smoothly"), std::string::npos);
    EXPECT_NE(reason("XT9").find("does not move with the steps of 'FC201'"), std::string::npos);
    EXPECT_EQ(role("N"), Role::none);
    EXPECT_NE(reason("N").find("a row counter (1, 2, 3, ...)"), std::string::npos);
    EXPECT_EQ(role("K7"), Role::none);
    EXPECT_NE(reason("K7").find("constant (always 4)"), std::string::npos);
    EXPECT_EQ(role("G7"), Role::disturbance);
    EXPECT_NE(reason("G7").find("3 labels that change rarely"), std::string::npos);
    EXPECT_EQ(role("S1"), Role::none);
    EXPECT_NE(reason("S1").find("identifier"), std::string::npos);
    EXPECT_EQ(role("B1"), Role::none);
    for (const auto& source : proposals)
        for (const auto& proposal : source)
            EXPECT_TRUE(ends_with_role(proposal)) << proposal.reason;
}

TEST(RoleProposal, PerItemRecordsWithoutTimeAxis) {
    // Each row one item: values without memory are the item's conditions (disturbances);
    // with a time axis the same values would be noise on a measurement (output).
    std::mt19937 rng(2);
    std::normal_distribution<double> torque(40.0, 10.0);
    std::vector<double> x(5000);
    for (auto& v : x) v = torque(rng);
    Table items;
    items.name = "items";
    items.columns.push_back(numeric("Torque", "Nm", x));
    std::vector<std::string> labels;
    std::uniform_int_distribution<int> pick(0, 2);
    for (std::size_t i = 0; i < x.size(); ++i)
        labels.push_back(std::string(1, static_cast<char>('L' + pick(rng))));
    items.columns.push_back(categorical("Variant", labels));
    auto proposals = propose_roles({&items});
    EXPECT_EQ(proposals[0][0].role, Role::disturbance) << proposals[0][0].reason;
    EXPECT_NE(proposals[0][0].reason.find("a property of each record"), std::string::npos);
    EXPECT_EQ(proposals[0][1].role, Role::disturbance) << proposals[0][1].reason;
    EXPECT_NE(proposals[0][1].reason.find("a category of each record"), std::string::npos);

    Table timed = items;
    timed.columns.insert(timed.columns.begin(), time_axis("Time", timed, x.size(), 60.0));
    proposals = propose_roles({&timed});
    EXPECT_EQ(proposals[0][1].role, Role::output) << proposals[0][1].reason;
    EXPECT_EQ(proposals[0][2].role, Role::none)
        << proposals[0][2].reason;  // labels flipping every minute
}

TEST(RoleProposal, DryerHeadersGetGenericRolesNotFurnaceRoles) {
    // The spray dryer's export (sample --template dryer): setpoint and air temperatures
    // are not the furnace's setpoint and furnace/ambient temperatures.
    const std::size_t n = 20000;
    const Process p = make_process(n, 8);
    Table historian;
    historian.name = "historian";
    historian.columns.push_back(time_axis("Timestamp", historian, n, 60.0));
    historian.columns.push_back(numeric("Inlet air temp SP", "°C", p.control));
    historian.columns.push_back(numeric("Outlet air temp", "°C", p.output));
    historian.columns.push_back(numeric("Feed rate", "kg/h", p.control2));
    historian.columns.push_back(numeric("Feed solids", "%", p.ambient2));
    historian.columns.push_back(numeric("Ambient temp", "°C", p.ambient));
    historian.columns.push_back(numeric("Ambient humidity", "g/kg", p.ambient2));
    historian.columns.push_back(numeric("Gas energy", "kWh", p.output2));
    Table bags;
    bags.name = "bagging_15min";
    const std::size_t m = n / 15;
    bags.columns.push_back(time_axis("Interval start", bags, m, 900.0));
    std::mt19937 rng(4);
    std::poisson_distribution<int> filled(5.0), offspec(0.15);
    std::vector<double> f(m), o(m);
    for (std::size_t i = 0; i < m; ++i) {
        f[i] = filled(rng);
        o[i] = std::min<double>(f[i], offspec(rng));
    }
    bags.columns.push_back(numeric("Bags filled", "count", f));
    bags.columns.push_back(numeric("Bags off-spec", "count", o));
    Table lab;
    lab.name = "lab_moisture";
    lab.columns.push_back(time_axis("Sample time", lab, 200, 7200.0));
    std::normal_distribution<double> moisture(3.3, 0.3);
    std::vector<double> w(200);
    for (auto& v : w) v = moisture(rng);
    lab.columns.push_back(numeric("Residual moisture", "%", w));

    const std::vector<const Table*> tables{&historian, &bags, &lab};
    EXPECT_FALSE(looks_like_furnace_line(tables));
    const auto proposals = propose_roles(tables);
    print(proposals, tables);
    const auto role = [&](const std::string& name) {
        return proposal_of(proposals, tables, name).role;
    };
    EXPECT_EQ(role("Inlet air temp SP"), Role::control);
    EXPECT_EQ(role("Outlet air temp"), Role::output);
    EXPECT_EQ(role("Feed rate"), Role::control);
    EXPECT_EQ(role("Feed solids"), Role::disturbance);
    EXPECT_EQ(role("Ambient temp"), Role::disturbance);
    EXPECT_EQ(role("Ambient humidity"), Role::disturbance);
    EXPECT_EQ(role("Gas energy"), Role::energy);  // energy is an output in any process
    EXPECT_EQ(signal_kind(role("Gas energy")), SignalKind::output);
    EXPECT_EQ(role("Bags filled"), Role::output);
    EXPECT_EQ(role("Bags off-spec"), Role::output);
    EXPECT_EQ(role("Residual moisture"), Role::output);
    EXPECT_NE(proposal_of(proposals, tables, "Inlet air temp SP").reason.find("setpoint (sp)"),
              std::string::npos);
    EXPECT_NE(proposal_of(proposals, tables, "Bags off-spec").reason.find("rejects (off spec"),
              std::string::npos);
}

TEST(RoleProposal, FurnaceWordsKeepTheFurnaceRolesWithoutALineSpeed) {
    // A batch furnace: no conveyor, but its setpoint and temperature are the furnace's.
    const std::size_t n = 5000;
    const Process p = make_process(n, 12);
    Table t;
    t.name = "kiln";
    t.columns.push_back(time_axis("Time", t, n, 60.0));
    t.columns.push_back(numeric("Furnace setpoint", "°C", p.control));
    t.columns.push_back(numeric("Furnace temperature", "°C", p.output));
    t.columns.push_back(numeric("Hall temperature", "°C", p.ambient));
    std::vector<double> zone2 = p.output;
    std::mt19937 rng(13);
    std::normal_distribution<double> noise(0.0, 0.5);
    for (auto& v : zone2) v = 0.9 * v + 5.0 + noise(rng);
    t.columns.push_back(numeric("Zone 2 temperature", "°C", zone2));
    const std::vector<const Table*> tables{&t};
    EXPECT_TRUE(looks_like_furnace_line(tables));
    const auto proposals = propose_roles(tables);
    print(proposals, tables);
    EXPECT_EQ(proposals[0][1].role, Role::setpoint);
    EXPECT_EQ(proposals[0][2].role, Role::furnace_temp);
    EXPECT_EQ(proposals[0][3].role, Role::ambient_temp);
    // The second temperature is no furnace role (furnace_temp is taken): generic.
    EXPECT_EQ(proposals[0][4].role, Role::output) << proposals[0][4].reason;
    EXPECT_NE(proposals[0][4].reason.find("follows the steps of 'Furnace setpoint'"),
              std::string::npos);

    // Without the furnace words the same columns are a generic process.
    t.columns[1].name = "Air heater setpoint";
    t.columns[2].name = "Chamber temperature";
    const auto generic = propose_roles(tables);
    EXPECT_FALSE(looks_like_furnace_line(tables));
    EXPECT_EQ(generic[0][1].role, Role::control) << generic[0][1].reason;
    EXPECT_EQ(generic[0][2].role, Role::output) << generic[0][2].reason;
    EXPECT_EQ(generic[0][3].role, Role::disturbance) << generic[0][3].reason;

    // A conveyor speed with a temperature is the furnace line again (today's detection);
    // a wind speed is not a line speed.
    std::vector<double> speed(n);
    for (std::size_t i = 0; i < n; ++i) speed[i] = i < n / 2 ? 2.0 : 2.2;
    t.columns.push_back(numeric("Wind speed", "m/s", speed));
    EXPECT_FALSE(looks_like_furnace_line(tables));
    t.columns.back().name = "Belt speed";
    t.columns.back().unit = "m/min";
    EXPECT_TRUE(looks_like_furnace_line(tables));
    EXPECT_EQ(propose_roles(tables)[0][5].role, Role::speed);
    t.columns.push_back(numeric("Dryer exhaust humidity", "%", p.ambient));
    EXPECT_FALSE(looks_like_furnace_line(tables)) << "a belt dryer is not the furnace line";
}

TEST(RoleProposal, NamesInGermanFrenchSpanishAndTagSuffixes) {
    const std::size_t n = 200;
    std::vector<double> ramp(n);
    std::mt19937 rng(1);
    std::normal_distribution<double> unit(0.0, 1.0);
    for (auto& v : ramp) v = 50.0 + unit(rng);
    struct Case {
        const char* name;
        const char* unit;
        Role role;
    };
    const Case cases[] = {
        {"Solltemperatur Zone 1", "°C", Role::control},
        {"TIC101_SP", "", Role::control},
        {"Consigne débit", "", Role::control},
        {"Ventilstellung", "%", Role::control},
        {"Dosierleistung", "kg/h", Role::control},
        {"Drehzahl Extruder", "rpm", Role::control},
        {"NOx", "mg/m3", Role::output},
        {"Restfeuchte", "%", Role::output},
        {"Abluft Temperatur", "°C", Role::output},
        {"Ausschuss", "", Role::output},
        {"Humedad relativa", "%", Role::disturbance},
        {"Außentemperatur", "°C", Role::disturbance},
        {"Temperatura ambiente", "°C", Role::disturbance},
        {"Rohstoff Feuchte", "%", Role::disturbance},
        {"TIC101_PV", "°C", Role::output},
        {"Stromverbrauch", "kWh", Role::output},
        {"Artikelnummer", "", Role::none},
        {"Load cell 3", "kg", Role::output},
        {"Hour of day", "", Role::disturbance},
        {"Wind speed", "m/s", Role::disturbance},
    };
    Table t;
    t.name = "names";
    for (const auto& c : cases) t.columns.push_back(numeric(c.name, c.unit, ramp));
    const auto proposals = propose_roles({&t});
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        // Stromverbrauch in kWh is the energy role (an output in any process).
        const Role got = proposals[0][i].role == Role::energy ? Role::output : proposals[0][i].role;
        EXPECT_EQ(got, cases[i].role) << cases[i].name << ": " << proposals[0][i].reason;
    }
}

}  // namespace
}  // namespace twinbench
