// Why did it happen? Ranks candidate causes of an excursion (PRODUCT.md section 5).
//
// The rows of the excursion (a time window, a named condition, the rows where an output
// leaves its model band) are compared with the reference rows (the rest unless given).
// Every candidate is turned into an exposure per row and tested on the 2 x 2 table of
// rows (excursion / reference x exposed / not):
// - a context label (Lot=B-0412, Operator=Olsen): the rows it covers;
// - a numeric signal: the rows beyond the reference's 95th percentile in the direction in
//   which the excursion's mean moved (5th percentile when it fell); its standardised
//   difference and Welch's t-test are reported beside it.
// Figures per candidate:
//   lift              P(exposed | excursion) / P(exposed | reference)
//   share_explained   P(exposed | excursion) - P(exposed | reference): the attributable
//                     fraction among the excursion's rows (Miettinen's p_e (1 - 1/RR) with
//                     the lift as RR), i.e. the share of the excursion the candidate
//                     accounts for beyond what its usual frequency would bring
//   p_value           Fisher's exact test (chi-square on large tables), one-sided;
//                     p_value_bh the Benjamini-Hochberg adjustment over every label and
//                     signal looked at (the screening counts: a lot that made the list
//                     because it had a few more excursion rows is one of all the lots)
//   conditional_p_value  Cochran-Mantel-Haenszel, one-sided, within strata of the twin's
//                     own prediction (deciles) and of the exposures of the strongest other
//                     candidates (up to three, of other variables): a confounder that only
//                     travels with the true cause is demoted here; the conditional
//                     share uses the Mantel-Haenszel odds ratio instead of the lift.
// Ranking: candidates whose conditional test holds (Benjamini-Hochberg over the conditional
// p-values at alpha, over the same family) and that explain at least min_supported_share
// of the excursion given the others first, each group by the conditional share explained, then by p.
// explained_by_process: (predicted excursion - predicted reference) / (actual excursion -
// actual reference) of the outcome, in [0, 1]: how much of the excursion the process
// settings and disturbances alone, through the twin, would have produced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinbench {

struct ContextCandidate {
    std::string variable;               // "Lot"
    std::vector<std::int32_t> codes;    // per row, -1 = missing
    std::vector<std::string> levels;    // label of each code
};

struct SignalCandidate {
    std::string name;  // "Humidity"
    std::string unit;
    std::vector<double> values;  // per row, NaN = missing
    // An input of the twin's model of the outcome: its effect reaches the outcome through
    // the process, which explained_by_process measures.
    bool process_input = false;
};

struct ExplainInput {
    std::vector<std::uint8_t> excursion;  // per row: 1 = in the excursion
    std::vector<std::uint8_t> reference;  // per row: 1 = in the reference; empty = every other row
    std::string description;              // "window 2026-03-02..2026-03-09", "condition 'humid'"
    // The outcome whose excursion it is (scrap, a temperature): per row its value, and for
    // a count its total (scrap out of produced; empty otherwise). Optional: without one
    // the excursion is a set of rows and explained_by_process is not given.
    std::string outcome_name;
    std::vector<double> outcome;
    std::vector<double> outcome_total;
    // The twin's prediction of the outcome per row (expected count for a count), NaN where
    // it has none; empty = no twin.
    std::vector<double> predicted;
    std::vector<double> time_s;  // per row (UTC), for the windows of a cause; may be empty
    std::vector<ContextCandidate> context;
    std::vector<SignalCandidate> numeric_signals;
};

struct ExplainOptions {
    // A label is a candidate when it covers at least this many excursion rows and this
    // share of them (a lot that ran for one hour of a week-long excursion explains little).
    std::size_t min_excursion_rows = 5;
    double min_excursion_share = 0.02;
    std::size_t exact_max_rows = 100000;  // Fisher exact up to here, chi-square above
    std::size_t conditioning_causes = 3;
    std::size_t prediction_strata = 10;
    double alpha = 0.05;
    // A likely cause must also account for this share of the excursion given the others
    // (a label that explains 2 % of it is a detail, however certain).
    double min_supported_share = 0.05;
    std::size_t max_causes = 20;  // listed (all candidates are tested and adjusted for)
    std::size_t max_windows = 50;  // per cause
};

struct CauseWindow {
    double start_s = 0.0;  // first and last exposed excursion row of a stretch (UTC)
    double end_s = 0.0;
};

struct ExplainedCause {
    std::string name;      // "Lot=B-0412", "Humidity"
    std::string kind;      // "context" | "signal"
    std::string variable;  // "Lot" / "Humidity"
    std::string level;     // "B-0412"; for a signal "above p95" / "below p5"
    double lift = 0.0;
    double share_explained = 0.0;
    double conditional_share_explained = 0.0;
    double p_value = 1.0;
    double p_value_bh = 1.0;
    double conditional_p_value = 1.0;
    double conditional_p_value_bh = 1.0;
    double odds_ratio = 0.0;              // exposed vs not, excursion vs reference
    double conditional_odds_ratio = 0.0;  // Mantel-Haenszel
    std::vector<std::string> conditioned_on;  // the other causes held fixed (+ "the twin's prediction")
    std::size_t rows = 0;            // exposed rows in the excursion
    std::size_t reference_rows = 0;  // exposed rows in the reference
    double excursion_share = 0.0;    // P(exposed | excursion)
    double reference_share = 0.0;    // P(exposed | reference)
    // Signals: means, standardised difference (pooled sd) and the threshold of the exposure.
    std::optional<double> excursion_mean, reference_mean, standardized_difference, threshold;
    // The outcome (rate or mean) on the excursion's rows with and without the cause: in a
    // time window, a label that merely ran then shows the same outcome either way.
    std::optional<double> outcome_with, outcome_without;
    bool supported = false;  // the conditional test holds at alpha after adjustment
    std::string verdict;     // one line for the engineer
    std::vector<CauseWindow> windows;
};

struct ExcursionSummary {
    std::string description;
    std::size_t rows = 0;
    std::size_t reference_rows = 0;
    std::string outcome;
    std::string measure;  // "rate" (count out of total) or "mean"
    std::optional<double> value, reference_value;                      // actual
    std::optional<double> predicted_value, predicted_reference_value;  // the twin's
    double start_s = 0.0, end_s = 0.0;  // first and last excursion row (NaN without time)
};

struct ExplainResult {
    ExcursionSummary excursion;
    std::optional<double> explained_by_process;
    std::vector<ExplainedCause> causes;  // most likely first
    std::size_t candidates_tested = 0;
    std::size_t family_size = 0;  // labels and signals looked at (the multiple-testing family)
    std::vector<std::string> notes;

    // PRODUCT.md section 5's JSON: excursion, explained_by_process, causes (name, kind,
    // lift, share_explained, p_value, conditional_p_value, rows, and the figures above).
    nlohmann::json to_json() const;
};

// Throws ModelError when the excursion or the reference has no rows, UsageError when the
// per-row vectors do not match.
ExplainResult explain_excursion(const ExplainInput& input, const ExplainOptions& options = {});

}  // namespace twinbench
