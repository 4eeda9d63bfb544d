#include "data/role_proposal.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "data/column_movement.h"
#include "data/header_units.h"
#include "data/name_words.h"
#include "data/role_detection.h"
#include "data/role_vocabulary.h"
#include "data/step_following.h"

namespace twinbench {
namespace {

constexpr std::size_t max_input_levels = 20;
constexpr double identifier_distinct_fraction = 0.5;
constexpr double rare_change_fraction = 0.1;

std::string arrow(std::string_view evidence, Role role) {
    return fmt::format("{} -> {}", evidence, role_name(role));
}

std::string with_unit(std::string_view unit) {
    return unit.empty() ? "" : fmt::format(" ({})", unit);
}

std::string number(double v) {
    if (v == std::round(v) && std::abs(v) < 1e9)
        return fmt::format("{}", static_cast<long long>(v));
    return fmt::format("{:.4g}", v);
}

// The reason for a furnace role found by role_detection (names and units).
std::string furnace_reason(Role role, const Column& c, bool furnace_line) {
    const std::string unit = with_unit(c.unit);
    const std::string line = furnace_line ? " of the furnace line" : "";
    switch (role) {
        case Role::speed:
            return arrow(fmt::format("named like the line speed{}{}", line, unit), role);
        case Role::setpoint:
            return arrow(fmt::format("named like the furnace setpoint{}", unit), role);
        case Role::furnace_temp:
            return arrow(fmt::format("the furnace temperature{}", unit), role);
        case Role::core_temp_check:
            return arrow(fmt::format("named like a manual core-temperature check{}", unit), role);
        case Role::ambient_temp:
            return arrow(fmt::format("named like the ambient temperature{}{}", line, unit), role);
        case Role::humidity:
            return arrow(fmt::format("named like the humidity{}{}", line, unit), role);
        case Role::material:
            return arrow(fmt::format("named like a material grade ({} labels)", c.levels.size()),
                         role);
        case Role::produced:
            return arrow(fmt::format("a count of parts made{}", unit), role);
        case Role::scrap:
            return arrow(fmt::format("a count of scrapped parts{}", unit), role);
        case Role::defect:
            return arrow("a 0/1 defect or failure flag of each item or interval", role);
        case Role::energy:
            return arrow(fmt::format("an energy reading{}", unit), role);
        case Role::state:
            return arrow(fmt::format("a running/stopped state ({} values)", c.levels.size()), role);
        case Role::factor:
            return arrow("named like wear, which drives scrap and maintenance", role);
        default:
            break;
    }
    return arrow("named like a furnace signal", role);
}

// Furnace roles that mean the same in any process.
bool kept_outside_the_furnace(Role role, bool produced_and_scrap) {
    switch (role) {
        case Role::time:
        case Role::state:
        case Role::material:
        case Role::defect:
        case Role::energy:
        case Role::factor:
        case Role::core_temp_check:
            return true;
        case Role::produced:
        case Role::scrap:
            return produced_and_scrap;
        default:
            return false;
    }
}

bool is_flag(const Column& c) {
    if (c.type == ColumnType::boolean) return true;
    if (c.type != ColumnType::numeric) return false;
    bool any = false;
    for (const double v : c.values) {
        if (std::isnan(v)) continue;
        if (v != 0.0 && v != 1.0) return false;
        any = true;
    }
    return any;
}

// None for the columns whose movement rules out any input or output, whatever the name.
std::optional<std::string> structural_none(const MovementSummary& m) {
    switch (m.kind) {
        case Movement::too_few:
            return arrow(fmt::format("only {} values: too few to tell", m.values), Role::none);
        case Movement::constant:
            return arrow(fmt::format("constant (always {})", number(m.first)), Role::none);
        case Movement::counter:
            if (m.whole_numbers && m.unit_steps)
                return arrow("a row counter (1, 2, 3, ...)", Role::none);
            return arrow(
                "a different value in every row, always rising: an identifier or a running total",
                Role::none);
        case Movement::accumulating:
            if (m.resets == 0)
                return arrow("only ever rises: a running total or an hour meter", Role::none);
            return arrow(
                fmt::format("counts up and resets {} times: a clock, a counter or a running total",
                            m.resets),
                Role::none);
        default:
            return std::nullopt;
    }
}

struct StepControl {
    std::string name;
    MovementSummary movement;
};

class SourceProposer {
  public:
    SourceProposer(const Table& table, bool main_source, std::size_t max_rows,
                   std::vector<RoleProposal>& out, std::vector<bool>& decided)
        : table_(table),
          main_(main_source),
          rows_(std::min(max_rows, table.row_count())),
          out_(out),
          decided_(decided) {}

    void propose(const std::string& outcome) {
        std::vector<std::size_t> pending;
        std::vector<MovementSummary> movement(table_.columns.size());
        for (std::size_t c = 0; c < table_.columns.size(); ++c) {
            const Column& col = table_.columns[c];
            const bool numeric = col.type == ColumnType::numeric || col.type == ColumnType::boolean;
            if (numeric) movement[c] = classify_movement(values(col));
            if (decided_[c]) {
                if (signal_kind(out_[c].role) == SignalKind::control &&
                    movement[c].kind == Movement::steps)
                    controls_.push_back({col.name, movement[c]});
                continue;
            }
            if (col.type == ColumnType::timestamp) {
                set(c, Role::none, arrow("a second date/time column", Role::none));
            } else if (col.type == ColumnType::categorical) {
                propose_categorical(c);
            } else if (const auto none = structural_none(movement[c])) {
                set(c, Role::none, *none);
            } else if (is_flag(col)) {
                propose_flag(c, outcome);
            } else if (const auto named = generic_name_evidence(col.name, col.unit, col.type)) {
                set(c, named->role,
                    arrow(named->phrase + moves_alike(named->role, movement[c]), named->role));
                if (named->role == Role::control && movement[c].kind == Movement::steps)
                    controls_.push_back({col.name, movement[c]});
            } else if (movement[c].kind == Movement::steps) {
                set(c, Role::control,
                    arrow(fmt::format(
                              "changes in {} steps and holds between them: set by an operator",
                              movement[c].jumps),
                          Role::control));
                controls_.push_back({col.name, movement[c]});
            } else {
                pending.push_back(c);
            }
        }
        for (const std::size_t c : pending) propose_continuous(c, movement[c]);
    }

  private:
    std::span<const double> values(const Column& c) const {
        return std::span<const double>(c.values).first(std::min(rows_, c.values.size()));
    }

    void set(std::size_t c, Role role, std::string reason) {
        out_[c] = {role, std::move(reason)};
        decided_[c] = true;
    }

    static std::string moves_alike(Role role, const MovementSummary& m) {
        if (role == Role::control && m.kind == Movement::steps)
            return fmt::format(" and changes in {} steps", m.jumps);
        return "";
    }

    void propose_continuous(std::size_t c, const MovementSummary& m) {
        const Column& col = table_.columns[c];
        if (m.kind == Movement::memoryless) {
            if (!table_.has_time()) {
                set(c, Role::disturbance,
                    arrow(fmt::format("varies from row to row with no memory (lag-1 "
                                      "autocorrelation {:.2f}): a "
                                      "property of each record",
                                      m.lag1_autocorrelation),
                          Role::disturbance));
            } else {
                set(c, Role::output,
                    arrow(fmt::format("a noisy signal with no memory from row to row (lag-1 "
                                      "autocorrelation {:.2f})",
                                      m.lag1_autocorrelation),
                          Role::output));
            }
            return;
        }
        // Which control's steps does it follow best?
        const StepControl* best = nullptr;
        StepFollowing best_following;
        std::size_t tested = 0;
        for (const auto& control : controls_) {
            const StepFollowing f = follows_steps(values(col), control.movement);
            if (f.steps >= StepFollowingOptions{}.min_steps) ++tested;
            if (f.follows &&
                (!best || std::abs(f.correlation) > std::abs(best_following.correlation))) {
                best = &control;
                best_following = f;
            }
        }
        if (best) {
            const std::string what = is_temperature_name(col.name, col.unit)
                                         ? "a measured temperature that follows"
                                         : "follows";
            set(c, Role::output,
                arrow(fmt::format("{} the steps of '{}' (r = {:.2f} over {} steps)", what,
                                  best->name, best_following.correlation, best_following.steps),
                      Role::output));
            return;
        }
        if (m.kind == Movement::drift) {
            std::string unmoved;
            if (tested == 1) {
                for (const auto& control : controls_)
                    if (follows_steps(values(col), control.movement).steps >=
                        StepFollowingOptions{}.min_steps)
                        unmoved =
                            fmt::format(" and does not move with the steps of '{}'", control.name);
            } else if (tested > 1) {
                unmoved =
                    fmt::format(" and does not move with the steps of the {} controls", tested);
            }
            set(c, Role::disturbance,
                arrow(
                    fmt::format("drifts smoothly (lag-1 autocorrelation {:.2f}){}{} nobody sets it",
                                m.lag1_autocorrelation, unmoved, unmoved.empty() ? "," : ":"),
                    Role::disturbance));
            return;
        }
        set(c, Role::output,
            arrow(fmt::format("a noisy continuous signal (lag-1 autocorrelation {:.2f})",
                              m.lag1_autocorrelation),
                  Role::output));
    }

    void propose_flag(std::size_t c, const std::string& outcome) {
        const Column& col = table_.columns[c];
        if (const auto named = generic_name_evidence(col.name, col.unit, ColumnType::numeric)) {
            set(c, named->role, arrow(named->phrase + ", a 0/1 flag", named->role));
            return;
        }
        if (!outcome.empty()) {
            set(c, Role::none,
                arrow(
                    fmt::format(
                        "a 0/1 flag beside the outcome '{}' (a failure mode of it, which must not "
                        "predict it)",
                        outcome),
                    Role::none));
            return;
        }
        set(c, Role::none,
            arrow("a 0/1 flag with no name to go by (map it as output or control)", Role::none));
    }

    void propose_categorical(std::size_t c) {
        const Column& col = table_.columns[c];
        const LevelChanges lc = level_changes(
            std::span<const std::int32_t>(col.codes).first(std::min(rows_, col.codes.size())));
        const double distinct =
            lc.values > 0 ? static_cast<double>(lc.levels_used) / static_cast<double>(lc.values)
                          : 0.0;
        if (lc.values == 0) return set(c, Role::none, arrow("empty", Role::none));
        if (lc.levels_used == 1) {
            const auto present = std::find_if(col.codes.begin(), col.codes.end(),
                                              [](std::int32_t k) { return k >= 0; });
            return set(c, Role::none,
                       arrow(fmt::format("a single label ('{}')",
                                         col.levels[static_cast<std::size_t>(*present)]),
                             Role::none));
        }
        const auto named = generic_name_evidence(col.name, col.unit, col.type);
        const std::string levels = fmt::format("{} labels", lc.levels_used);
        // A side file's labels (a lot list names a different lot in every row) are the
        // plant's context for the explainer, whatever their number.
        if (!main_) {
            if (named && named->role == Role::disturbance &&
                named->phrase.find("grade") != std::string::npos && lc.levels_used <= max_input_levels)
                return set(c, named->role,
                           arrow(fmt::format("{}, {}", named->phrase, levels), named->role));
            // Remarks are free text, not a label that recurs.
            const std::string words = lowercase_words(col.name);
            for (const std::string_view remark : {"comment", "comments", "remark", "remarks", "note", "notes",
                                                  "bemerkung", "kommentar", "notiz", "anmerkung", "description"})
                if (name_words::has_word(words, remark))
                    return set(c, Role::none, arrow("free-text remarks in a side file", Role::none));
            return set(
                c, Role::context,
                arrow(fmt::format("a label in the side file '{}': context, not a process input",
                                  table_.name),
                      Role::context));
        }
        if (lc.levels_used > max_input_levels && distinct > identifier_distinct_fraction)
            return set(
                c, Role::none,
                arrow(fmt::format("a different label in most rows ({} labels): an identifier",
                                  lc.levels_used),
                      Role::none));
        if (lc.levels_used > max_input_levels)
            return set(
                c, Role::none,
                arrow(fmt::format(
                          "{} different labels (a batch or lot number?): too many for an input",
                          lc.levels_used),
                      Role::none));
        if (named)
            return set(c, named->role,
                       arrow(fmt::format("{}, {}", named->phrase, levels), named->role));
        if (lc.change_fraction() <= rare_change_fraction)
            return set(
                c, Role::disturbance,
                arrow(
                    fmt::format(
                        "{} that change rarely ({} changes in {} rows): a grade, a load, a product",
                        levels, lc.changes, lc.values),
                    Role::disturbance));
        if (!table_.has_time())
            return set(
                c, Role::disturbance,
                arrow(fmt::format("a category of each record ({})", levels), Role::disturbance));
        set(c, Role::none,
            arrow(fmt::format("{} that change in {:.0f} % of the rows: not a process condition",
                              levels, 100.0 * lc.change_fraction()),
                  Role::none));
    }

    const Table& table_;
    bool main_;
    std::size_t rows_;
    std::vector<RoleProposal>& out_;
    std::vector<bool>& decided_;
    std::vector<StepControl> controls_;
};

struct FurnaceDetection {
    std::vector<std::vector<Role>> roles;  // per source, per column
    bool furnace_line = false;
};

FurnaceDetection detect_furnace_roles(const std::vector<const Table*>& sources) {
    std::vector<RoleCandidate> candidates;
    for (std::size_t s = 0; s < sources.size(); ++s)
        for (const auto& c : sources[s]->columns)
            candidates.push_back(role_candidate(c, s == 0 && c.role == Role::time));
    const std::vector<Role> flat = detect_roles(candidates);
    FurnaceDetection d;
    bool furnace_named = false, line_speed = false, heated = false, other_equipment = false;
    std::size_t i = 0;
    for (const auto* table : sources) {
        d.roles.emplace_back();
        for (const auto& c : table->columns) {
            const Role r = flat[i++];
            d.roles.back().push_back(r);
            const bool hot = r == Role::furnace_temp || r == Role::setpoint;
            furnace_named |= hot && has_furnace_words(c.name);
            heated |= hot;
            line_speed |= r == Role::speed && names_a_line_speed(c.name, c.unit);
            other_equipment |= names_other_equipment(c.name);
        }
    }
    d.furnace_line = furnace_named || (line_speed && heated && !other_equipment);
    return d;
}

}  // namespace

bool looks_like_furnace_line(const std::vector<const Table*>& sources) {
    return detect_furnace_roles(sources).furnace_line;
}

std::vector<std::vector<RoleProposal>> propose_roles(const std::vector<const Table*>& sources,
                                                     std::size_t max_rows) {
    const FurnaceDetection furnace = detect_furnace_roles(sources);
    bool produced = false, scrap = false;
    std::string outcome;
    for (std::size_t s = 0; s < sources.size(); ++s)
        for (std::size_t c = 0; c < sources[s]->columns.size(); ++c) {
            produced |= furnace.roles[s][c] == Role::produced;
            scrap |= furnace.roles[s][c] == Role::scrap;
            if (furnace.roles[s][c] == Role::defect) outcome = sources[s]->columns[c].name;
        }

    std::vector<std::vector<RoleProposal>> out(sources.size());
    for (std::size_t s = 0; s < sources.size(); ++s) {
        const Table& table = *sources[s];
        out[s].resize(table.columns.size());
        std::vector<bool> decided(table.columns.size(), false);
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const Column& col = table.columns[c];
            const Role r = furnace.roles[s][c];
            if (col.role == Role::time) {
                out[s][c] = {Role::time,
                             arrow(fmt::format("the time axis of '{}'", table.name), Role::time)};
                decided[c] = true;
            } else if (r != Role::none && r != Role::time &&
                       (furnace.furnace_line || kept_outside_the_furnace(r, produced && scrap))) {
                out[s][c] = {r, furnace_reason(r, col, furnace.furnace_line)};
                decided[c] = true;
            }
        }
        SourceProposer(table, s == 0, max_rows, out[s], decided).propose(outcome);
    }
    return out;
}

}  // namespace twinbench
