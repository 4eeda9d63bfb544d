#include "explain/explainer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "explain/association_tests.h"

namespace twinbench {
namespace {

constexpr std::uint8_t missing_exposure = 2;

// One candidate as a per-row exposure: 1 exposed, 0 not, 2 missing.
struct Exposure {
    std::size_t variable = 0;  // candidates of one variable are never held fixed for each other
    std::vector<std::uint8_t> rows;
    TwoByTwo table;  // excursion / reference x exposed / not
};

struct RowSets {
    std::vector<std::uint8_t> group;  // 1 excursion, 2 reference, 0 neither
    std::size_t excursion = 0, reference = 0;
};

RowSets row_sets(const ExplainInput& in) {
    const std::size_t n = in.excursion.size();
    if (!in.reference.empty() && in.reference.size() != n)
        throw UsageError("explain: the reference rows do not match the excursion rows");
    RowSets s;
    s.group.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (in.excursion[i] != 0) {
            s.group[i] = 1;
            ++s.excursion;
        } else if (in.reference.empty() || in.reference[i] != 0) {
            s.group[i] = 2;
            ++s.reference;
        }
    }
    if (s.excursion == 0) throw ModelError("explain: the excursion has no rows (check the window or condition)");
    if (s.reference == 0) throw ModelError("explain: nothing is left to compare the excursion with (no reference rows)");
    return s;
}

TwoByTwo table_of(const RowSets& sets, const std::vector<std::uint8_t>& exposure) {
    std::size_t cells[3][3] = {};  // [group][exposure], counted as integers: one add per row
    const std::uint8_t* group = sets.group.data();
    const std::uint8_t* x = exposure.data();
    for (std::size_t i = 0, n = exposure.size(); i < n; ++i) ++cells[group[i]][x[i]];
    const auto d = [](std::size_t v) { return static_cast<double>(v); };
    return {d(cells[1][1]), d(cells[1][0]), d(cells[2][1]), d(cells[2][0])};
}

void fill_shares(ExplainedCause& c, const TwoByTwo& t) {
    c.rows = static_cast<std::size_t>(t.a);
    c.reference_rows = static_cast<std::size_t>(t.c);
    c.excursion_share = t.a + t.b > 0 ? t.a / (t.a + t.b) : 0.0;
    c.reference_share = t.c + t.d > 0 ? t.c / (t.c + t.d) : 0.0;
    c.lift = c.reference_share > 0 ? c.excursion_share / c.reference_share
                                   : (c.excursion_share > 0 ? std::numeric_limits<double>::infinity() : nan);
    c.share_explained = std::max(0.0, c.excursion_share - c.reference_share);
    c.odds_ratio = t.b * t.c > 0 ? t.a * t.d / (t.b * t.c) : (t.a * t.d > 0 ? std::numeric_limits<double>::infinity() : nan);
}

// Outcome (rate or mean) over the rows of a group where `use` holds.
struct OutcomeSums {
    double value = 0.0, predicted = 0.0, weight = 0.0;
    std::size_t rows = 0;
};

void summarise_outcome(const ExplainInput& in, const RowSets& sets, ExplainResult& r) {
    auto& e = r.excursion;
    e.outcome = in.outcome_name;
    if (in.outcome.empty()) return;
    const std::size_t n = sets.group.size();
    if (in.outcome.size() != n || (!in.outcome_total.empty() && in.outcome_total.size() != n) ||
        (!in.predicted.empty() && in.predicted.size() != n))
        throw UsageError("explain: the outcome, its total or the prediction do not match the rows");
    const bool counts = !in.outcome_total.empty();
    e.measure = counts ? "rate" : "mean";
    OutcomeSums all[3], with_prediction[3];
    for (std::size_t i = 0; i < n; ++i) {
        const auto g = sets.group[i];
        const double y = in.outcome[i];
        const double w = counts ? in.outcome_total[i] : 1.0;
        if (g == 0 || std::isnan(y) || !(w > 0)) continue;
        all[g].value += y;
        all[g].weight += w;
        ++all[g].rows;
        if (!in.predicted.empty() && !std::isnan(in.predicted[i])) {
            with_prediction[g].value += y;
            with_prediction[g].predicted += in.predicted[i];
            with_prediction[g].weight += w;
            ++with_prediction[g].rows;
        }
    }
    if (all[1].weight > 0) e.value = all[1].value / all[1].weight;
    if (all[2].weight > 0) e.reference_value = all[2].value / all[2].weight;
    if (e.value && e.reference_value && *e.value < *e.reference_value)
        r.notes.push_back(fmt::format("'{}' is lower in the excursion than in the reference ({:.4g} against {:.4g}): the "
                                      "causes below are what was different then, not what raised it",
                                      in.outcome_name, *e.value, *e.reference_value));
    if (with_prediction[1].weight <= 0 || with_prediction[2].weight <= 0) {
        if (!in.predicted.empty()) r.notes.push_back("the twin predicts none of the excursion's or the reference's rows");
        return;
    }
    const auto& pe = with_prediction[1];
    const auto& pr = with_prediction[2];
    e.predicted_value = pe.predicted / pe.weight;
    e.predicted_reference_value = pr.predicted / pr.weight;
    // On the rows the twin predicts, so that actual and predicted differences compare.
    const double actual = pe.value / pe.weight - pr.value / pr.weight;
    const double predicted = *e.predicted_value - *e.predicted_reference_value;
    if (actual != 0.0) r.explained_by_process = std::clamp(predicted / actual, 0.0, 1.0);
}

// Decile (or other quantile) of the predicted rate per row; prediction_strata = missing.
std::vector<std::uint16_t> prediction_strata(const ExplainInput& in, const RowSets& sets, std::size_t strata) {
    std::vector<std::uint16_t> out;
    if (in.predicted.empty() || strata < 2) return out;
    const std::size_t n = sets.group.size();
    std::vector<double> rate(n, nan);
    std::vector<double> present;
    present.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (sets.group[i] == 0) continue;
        double p = in.predicted[i];
        if (!in.outcome_total.empty()) p = in.outcome_total[i] > 0 ? p / in.outcome_total[i] : nan;
        rate[i] = p;
        if (!std::isnan(p)) present.push_back(p);
    }
    if (present.size() < strata) return out;
    std::vector<double> cuts;
    for (std::size_t k = 1; k < strata; ++k) {
        auto at = present.begin() + static_cast<std::ptrdiff_t>(k * present.size() / strata);
        std::nth_element(present.begin(), at, present.end());
        cuts.push_back(*at);
    }
    std::sort(cuts.begin(), cuts.end());
    out.assign(n, static_cast<std::uint16_t>(strata));
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(rate[i]))
            out[i] = static_cast<std::uint16_t>(std::upper_bound(cuts.begin(), cuts.end(), rate[i]) - cuts.begin());
    return out;
}

void add_context_candidates(const ExplainInput& in, const RowSets& sets, const ExplainOptions& options,
                            std::vector<ExplainedCause>& causes, std::vector<Exposure>& exposures,
                            std::size_t& variable, std::size_t& family) {
    const std::size_t n = sets.group.size();
    for (const auto& candidate : in.context) {
        if (candidate.codes.size() != n)
            throw UsageError(fmt::format("explain: context '{}' does not match the rows", candidate.variable));
        const std::size_t levels = candidate.levels.size();
        std::vector<double> in_excursion(levels, 0.0), in_reference(levels, 0.0);
        double known_excursion = 0.0, known_reference = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto code = candidate.codes[i];
            if (code < 0 || sets.group[i] == 0) continue;
            const auto level = static_cast<std::size_t>(code);
            if (sets.group[i] == 1) {
                in_excursion[level] += 1.0;
                known_excursion += 1.0;
            } else {
                in_reference[level] += 1.0;
                known_reference += 1.0;
            }
        }
        for (std::size_t level = 0; level < levels; ++level) {
            if (in_excursion[level] + in_reference[level] > 0) ++family;
            const double share_e = known_excursion > 0 ? in_excursion[level] / known_excursion : 0.0;
            const double share_r = known_reference > 0 ? in_reference[level] / known_reference : 0.0;
            // Causes are labels the excursion has more of than the reference.
            if (in_excursion[level] < static_cast<double>(options.min_excursion_rows) ||
                share_e < options.min_excursion_share || share_e <= share_r)
                continue;
            Exposure x;
            x.variable = variable;
            x.rows.resize(n);
            const auto code = static_cast<std::int32_t>(level);
            for (std::size_t i = 0; i < n; ++i)
                x.rows[i] = candidate.codes[i] < 0 ? missing_exposure : static_cast<std::uint8_t>(candidate.codes[i] == code);
            ExplainedCause c;
            c.kind = "context";
            c.variable = candidate.variable;
            c.level = candidate.levels[level];
            c.name = c.variable + "=" + c.level;
            x.table = table_of(sets, x.rows);
            fill_shares(c, x.table);
            c.p_value = over_representation_p(x.table, options.exact_max_rows);
            causes.push_back(std::move(c));
            exposures.push_back(std::move(x));
        }
        ++variable;
    }
}

void add_signal_candidates(const ExplainInput& in, const RowSets& sets, std::vector<ExplainedCause>& causes,
                           std::vector<Exposure>& exposures, std::vector<bool>& process_input, std::size_t& variable,
                           std::size_t& family) {
    const std::size_t n = sets.group.size();
    for (const auto& signal : in.numeric_signals) {
        if (signal.values.size() != n)
            throw UsageError(fmt::format("explain: signal '{}' does not match the rows", signal.name));
        // Two passes (sums, then squared deviations): no division per row.
        double count[3] = {}, sum[3] = {}, mean[3] = {}, m2[3] = {};
        const double* v = signal.values.data();
        const std::uint8_t* group = sets.group.data();
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(v[i])) continue;
            count[group[i]] += 1.0;
            sum[group[i]] += v[i];
        }
        for (int g = 1; g < 3; ++g) mean[g] = count[g] > 0 ? sum[g] / count[g] : 0.0;
        std::vector<double> reference;
        reference.reserve(static_cast<std::size_t>(count[2]));
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(v[i])) continue;
            const double delta = v[i] - mean[group[i]];
            m2[group[i]] += delta * delta;
            if (group[i] == 2) reference.push_back(v[i]);
        }
        ++variable;
        ++family;
        if (count[1] < 2 || count[2] < 2) continue;
        const double var_e = m2[1] / (count[1] - 1), var_r = m2[2] / (count[2] - 1);
        const double pooled = std::sqrt((m2[1] + m2[2]) / (count[1] + count[2] - 2));
        if (!(pooled > 0)) continue;  // constant: nothing to tell
        const double d = (mean[1] - mean[2]) / pooled;
        const bool above = d >= 0;
        auto at = reference.begin() + static_cast<std::ptrdiff_t>((above ? 0.95 : 0.05) * static_cast<double>(reference.size() - 1));
        std::nth_element(reference.begin(), at, reference.end());
        const double threshold = *at;

        Exposure x;
        x.variable = variable - 1;
        x.rows.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            x.rows[i] = !std::isfinite(v[i]) ? missing_exposure
                                             : static_cast<std::uint8_t>(above ? v[i] > threshold : v[i] < threshold);
        ExplainedCause c;
        c.kind = "signal";
        c.variable = signal.name;
        c.name = signal.name;
        c.level = above ? "above p95" : "below p5";
        x.table = table_of(sets, x.rows);
        fill_shares(c, x.table);
        c.excursion_mean = mean[1];
        c.reference_mean = mean[2];
        c.standardized_difference = d;
        c.threshold = threshold;
        c.p_value = welch_t_two_sided(mean[1], var_e, count[1], mean[2], var_r, count[2]);
        causes.push_back(std::move(c));
        exposures.push_back(std::move(x));
        process_input.push_back(signal.process_input);
    }
}

// Benjamini-Hochberg over a family larger than the candidates tested: the labels screened
// out count as p = 1.
std::vector<double> adjust(std::vector<double> p, std::size_t family) {
    const std::size_t tested = p.size();
    if (family > tested) p.resize(family, 1.0);
    auto adjusted = benjamini_hochberg(p);
    adjusted.resize(tested);
    return adjusted;
}

// Cochran-Mantel-Haenszel of candidate k within strata of the prediction and of the
// strongest other candidates' exposures.
void condition(std::size_t k, const RowSets& sets, const std::vector<std::uint16_t>& strata, std::size_t strata_count,
               const std::vector<std::size_t>& others, const std::vector<Exposure>& exposures, ExplainedCause& cause) {
    std::size_t keys = strata.empty() ? 1 : strata_count + 1;
    for (std::size_t o = 0; o < others.size(); ++o) keys *= 3;
    std::vector<std::array<std::size_t, 4>> cells(keys);  // a, b, c, d per stratum
    const std::uint8_t* own = exposures[k].rows.data();
    const std::uint8_t* group = sets.group.data();
    std::vector<const std::uint8_t*> held;
    held.reserve(others.size());
    for (const auto o : others) held.push_back(exposures[o].rows.data());
    const std::uint16_t* decile = strata.empty() ? nullptr : strata.data();
    const std::size_t n = exposures[k].rows.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto g = group[i];
        if (g == 0 || own[i] == missing_exposure) continue;
        std::size_t key = decile == nullptr ? 0 : decile[i];
        for (const auto* h : held) key = key * 3 + h[i];
        // a: excursion & exposed, b: excursion & not, c: reference & exposed, d: reference & not
        ++cells[key][(g == 1 ? 0 : 2) + (own[i] ? 0 : 1)];
    }
    MantelHaenszel mh;
    for (const auto& t : cells) {
        const auto d = [](std::size_t v) { return static_cast<double>(v); };
        if (t[0] + t[1] + t[2] + t[3] > 0) mh.add({d(t[0]), d(t[1]), d(t[2]), d(t[3])});
    }
    cause.conditional_p_value = mh.p_greater();
    cause.conditional_odds_ratio = mh.pooled_odds_ratio();
    const double orr = cause.conditional_odds_ratio;
    cause.conditional_share_explained =
        std::isnan(orr) ? 0.0 : std::isinf(orr) ? cause.excursion_share : std::max(0.0, cause.excursion_share * (1.0 - 1.0 / orr));
}

void add_windows(const ExplainInput& in, const RowSets& sets, const Exposure& x, std::size_t max_windows,
                 ExplainedCause& cause) {
    if (in.time_s.size() != sets.group.size()) return;
    bool open = false;
    for (std::size_t i = 0; i < sets.group.size(); ++i) {
        const bool hit = sets.group[i] == 1 && x.rows[i] == 1;
        if (hit && !open) {
            if (cause.windows.size() == max_windows) return;
            cause.windows.push_back({in.time_s[i], in.time_s[i]});
        }
        if (hit) cause.windows.back().end_s = in.time_s[i];
        open = hit;
    }
}

// The outcome on the excursion's rows with and without the exposure.
void add_outcome_split(const ExplainInput& in, const RowSets& sets, const Exposure& x, ExplainedCause& cause) {
    if (in.outcome.size() != sets.group.size()) return;
    const bool counts = !in.outcome_total.empty();
    double value[2] = {}, weight[2] = {};
    for (std::size_t i = 0; i < sets.group.size(); ++i) {
        if (sets.group[i] != 1 || x.rows[i] == missing_exposure) continue;
        const double w = counts ? in.outcome_total[i] : 1.0;
        if (std::isnan(in.outcome[i]) || !(w > 0)) continue;
        value[x.rows[i]] += in.outcome[i];
        weight[x.rows[i]] += w;
    }
    if (weight[1] > 0) cause.outcome_with = value[1] / weight[1];
    if (weight[0] > 0) cause.outcome_without = value[0] / weight[0];
}

std::string verdict(const ExplainedCause& c, bool had_prediction, bool process_input,
                    const std::optional<double>& explained_by_process) {
    if (c.supported && process_input && explained_by_process && *explained_by_process >= 0.5)
        return fmt::format("a process input: the twin's prediction carries its effect, and the process explains {:.0f} % "
                           "of the excursion",
                           100.0 * *explained_by_process);
    if (c.supported)
        return fmt::format("{:.0f} % of the excursion's rows against {:.0f} % of the reference's, and it holds with {} held fixed",
                           100.0 * c.excursion_share, 100.0 * c.reference_share,
                           c.conditioned_on.empty() ? std::string("nothing else") : fmt::format("{}", fmt::join(c.conditioned_on, ", ")));
    if (c.p_value_bh < 0.05 && !c.conditioned_on.empty()) {
        if (c.conditioned_on.size() == 1 && had_prediction)
            return "goes with the excursion, but the process itself (the twin's prediction) accounts for it";
        return fmt::format("goes with the excursion, but not once {} are held fixed: it travels with them",
                           fmt::join(c.conditioned_on, ", "));
    }
    return "no clear difference between the excursion and the reference";
}

}  // namespace

ExplainResult explain_excursion(const ExplainInput& in, const ExplainOptions& options) {
    const RowSets sets = row_sets(in);
    ExplainResult r;
    r.excursion.description = in.description;
    r.excursion.rows = sets.excursion;
    r.excursion.reference_rows = sets.reference;
    r.excursion.start_s = r.excursion.end_s = nan;
    if (in.time_s.size() == sets.group.size())
        for (std::size_t i = 0; i < sets.group.size(); ++i)
            if (sets.group[i] == 1) {
                if (std::isnan(r.excursion.start_s) || in.time_s[i] < r.excursion.start_s) r.excursion.start_s = in.time_s[i];
                if (std::isnan(r.excursion.end_s) || in.time_s[i] > r.excursion.end_s) r.excursion.end_s = in.time_s[i];
            }
    summarise_outcome(in, sets, r);

    std::vector<ExplainedCause> causes;
    std::vector<Exposure> exposures;
    std::size_t variable = 0, family = 0;
    add_context_candidates(in, sets, options, causes, exposures, variable, family);
    std::vector<bool> process_input(causes.size(), false);
    add_signal_candidates(in, sets, causes, exposures, process_input, variable, family);
    r.candidates_tested = causes.size();
    r.family_size = family;
    if (causes.empty()) {
        r.notes.push_back("no context label or signal differs between the excursion and the reference enough to test");
        return r;
    }

    std::vector<double> p(causes.size());
    for (std::size_t k = 0; k < causes.size(); ++k) p[k] = causes[k].p_value;
    const auto p_bh = adjust(p, family);
    std::vector<double> strength(causes.size());
    for (std::size_t k = 0; k < causes.size(); ++k) {
        causes[k].p_value_bh = p_bh[k];
        strength[k] = association_z(exposures[k].table);
    }
    // The candidates others are held fixed for: supported marginally, strongest first.
    std::vector<std::size_t> strongest;
    for (std::size_t k = 0; k < causes.size(); ++k)
        if (causes[k].p_value_bh < options.alpha && strength[k] > 0) strongest.push_back(k);
    std::stable_sort(strongest.begin(), strongest.end(), [&](std::size_t i, std::size_t j) { return strength[i] > strength[j]; });

    const auto strata = prediction_strata(in, sets, options.prediction_strata);
    for (std::size_t k = 0; k < causes.size(); ++k) {
        std::vector<std::size_t> others;
        for (const auto o : strongest) {
            if (others.size() == options.conditioning_causes) break;
            if (exposures[o].variable != exposures[k].variable) others.push_back(o);
        }
        if (!strata.empty()) causes[k].conditioned_on.push_back("the twin's prediction");
        for (const auto o : others) causes[k].conditioned_on.push_back(causes[o].name);
        condition(k, sets, strata, options.prediction_strata, others, exposures, causes[k]);
    }
    for (std::size_t k = 0; k < causes.size(); ++k) p[k] = causes[k].conditional_p_value;
    const auto conditional_bh = adjust(p, family);
    for (std::size_t k = 0; k < causes.size(); ++k) {
        auto& c = causes[k];
        c.conditional_p_value_bh = conditional_bh[k];
        c.supported = c.conditional_p_value_bh < options.alpha && c.conditional_odds_ratio > 1.0 &&
                      c.conditional_share_explained >= options.min_supported_share;
        c.verdict = verdict(c, !strata.empty(), process_input[k], r.explained_by_process);
    }

    std::vector<std::size_t> order(causes.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        const auto& a = causes[i];
        const auto& b = causes[j];
        if (a.supported != b.supported) return a.supported;
        if (a.conditional_share_explained != b.conditional_share_explained)
            return a.conditional_share_explained > b.conditional_share_explained;
        return a.p_value < b.p_value;
    });
    for (const auto k : order) {
        if (r.causes.size() == options.max_causes) break;
        add_windows(in, sets, exposures[k], options.max_windows, causes[k]);
        add_outcome_split(in, sets, exposures[k], causes[k]);
        r.causes.push_back(std::move(causes[k]));
    }
    return r;
}

}  // namespace twinbench
