// The tests the explainer ranks candidate causes with, on 2 x 2 tables of rows:
//
//                    exposed (Lot=B-0412)   not exposed
//   in the excursion          a                  b
//   in the reference          c                  d
//
// Distributions come from Boost.Math (hypergeometric, normal, chi-squared, Student's t);
// nothing here evaluates a tail by hand.
#pragma once

#include <cstddef>
#include <vector>

namespace twinbench {

struct TwoByTwo {
    double a = 0.0, b = 0.0, c = 0.0, d = 0.0;
    double total() const { return a + b + c + d; }
};

// One-sided Fisher exact test that the exposure is over-represented in the excursion:
// P(X >= a) under the hypergeometric law of the margins (scipy's fisher_exact with
// alternative="greater").
double fisher_exact_greater(const TwoByTwo& t);

// One-sided Pearson chi-square test (1 df, no continuity correction) of the same
// hypothesis: the signed square root of the statistic against the standard normal.
double chi_square_greater(const TwoByTwo& t);

// Fisher's exact test up to exact_max_rows rows (and whenever an expected cell is below
// 5), the chi-square test above (the hypergeometric sum grows with the table).
double over_representation_p(const TwoByTwo& t, std::size_t exact_max_rows);

// Signed z of the 2 x 2 association (positive: exposure over-represented in the excursion).
double association_z(const TwoByTwo& t);

// Cochran-Mantel-Haenszel test over strata (statsmodels StratifiedTable.test_null_odds
// without correction gives z^2 and the two-sided p), with the one-sided p that the
// exposure is over-represented within strata, and the Mantel-Haenszel pooled odds ratio.
class MantelHaenszel {
public:
    void add(const TwoByTwo& stratum);
    double z() const;               // NaN when no stratum carries information
    double p_greater() const;       // 1 when no stratum carries information
    double pooled_odds_ratio() const;  // NaN when undefined

private:
    double deviation_ = 0.0;  // sum of a - E[a]
    double variance_ = 0.0;   // sum of Var[a]
    double r_ = 0.0, s_ = 0.0;  // sums of a d / n and b c / n
};

// Welch's two-sample t-test, two-sided.
double welch_t_two_sided(double mean1, double var1, double n1, double mean2, double var2, double n2);

// Benjamini-Hochberg adjusted p-values (step-up, monotone, capped at 1), in input order.
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

}  // namespace twinbench
