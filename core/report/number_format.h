// How the report writes numbers: one set of rules for every format, so that a figure in
// the PDF, the HTML and the spreadsheet's text columns reads the same, and tests can
// format the engine's number the same way to find it in the report.
#pragma once

#include <string>

#include "report/report_document.h"

namespace twinbench::report {

// Decimals that show `significant` digits of v (0 for values >= 10^significant).
int decimals_for(double v, int significant);
// v with `decimals` decimals, thousands separated by commas
// ("129,187", "25.07", "-0.0031"); "–" (en dash) for NaN or infinite.
std::string format_fixed(double v, int decimals);
// v to `significant` significant digits, no exponent for 1e-4 <= |v| < 1e9.
std::string format_significant(double v, int significant = 4);
// An estimate at the precision its standard error supports: the error to two significant
// digits and the estimate to the same decimals (25.07 with error 0.083 -> "25.07").
int decimals_for_error(double std_error);
std::string format_estimate(double estimate, double std_error);
// Counts: "129,187".
std::string format_count(double n);
// 0.1234 -> "12.3 %".
std::string format_percent(double fraction, int decimals = 1);

// Table cells: the text as above and the number itself, which the spreadsheet stores.
Cell count_cell(double n);
Cell fixed_cell(double v, int decimals);
Cell significant_cell(double v, int significant = 4);

}  // namespace twinbench::report
