// Explainer speed (issue 17: explain on 1,000,000 rows x 20 candidate causes in < 1 s):
// a generated plant with context labels (line, lot, operator, shift, product, cleaning)
// and numeric signals, a 5 % excursion with a planted cause, and the twin's prediction, so
// that every candidate is also tested conditionally (prediction deciles x the strongest
// other causes). Only explain_excursion is timed, not building the columns.
//
//   twinbench_explain_bench [--rows N] [--repeat R]
#include <algorithm>
#include <cmath>
#include <iostream>
#include <random>
#include <string>

#include <fmt/format.h>

#include "bench_clock.h"
#include "explain/explainer.h"

namespace {

twinbench::ContextCandidate labels(const std::string& name, std::size_t levels, const std::string& prefix) {
    twinbench::ContextCandidate c;
    c.variable = name;
    for (std::size_t l = 0; l < levels; ++l) c.levels.push_back(fmt::format("{}{:03d}", prefix, l));
    return c;
}

twinbench::ExplainInput generate(std::size_t n) {
    std::mt19937_64 rng(20261206);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    twinbench::ExplainInput in;
    in.outcome_name = "Scrap";
    auto line = labels("Line", 2, "L"), lot = labels("Lot", 400, "B-"), op = labels("Operator", 8, "Op"),
         shift = labels("Shift", 3, "S"), product = labels("Product", 4, "P"), cleaning = labels("Cleaning", 2, "C");
    const std::size_t signals = 9;
    in.numeric_signals.resize(signals);
    for (std::size_t s = 0; s < signals; ++s) {
        in.numeric_signals[s].name = fmt::format("Signal {}", s);
        in.numeric_signals[s].values.resize(n);
    }
    for (auto* c : {&line, &lot, &op, &shift, &product, &cleaning}) c->codes.resize(n);
    in.excursion.resize(n);
    in.outcome.resize(n);
    in.outcome_total.assign(n, 300.0);
    in.predicted.resize(n);
    in.time_s.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        in.time_s[i] = 1.77e9 + 60.0 * static_cast<double>(i);
        line.codes[i] = static_cast<std::int32_t>(i % 2);
        lot.codes[i] = static_cast<std::int32_t>(i * 400 / n);  // lots run in sequence
        op.codes[i] = static_cast<std::int32_t>((i / 480) % 8);
        shift.codes[i] = static_cast<std::int32_t>((i / 480) % 3);
        product.codes[i] = static_cast<std::int32_t>((i / 20000) % 4);
        cleaning.codes[i] = uniform(rng) < 0.05 ? 1 : 0;
        double logit = -3.0;
        for (std::size_t s = 0; s < signals; ++s) {
            const double v = normal(rng);
            in.numeric_signals[s].values[i] = v;
            if (s < 2) logit += 0.3 * v;
        }
        const double p = 1.0 / (1.0 + std::exp(-logit));
        in.predicted[i] = 300.0 * p;
        const double actual = lot.codes[i] == 123 ? 3.0 * p : p;  // the planted cause
        in.outcome[i] = std::round(300.0 * actual + normal(rng) * std::sqrt(300.0 * actual));
        in.excursion[i] = uniform(rng) < (lot.codes[i] == 123 ? 0.6 : 0.045);
    }
    in.context = {line, lot, op, shift, product, cleaning};
    return in;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t rows = 1000000;
    int repeat = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) rows = std::stoull(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc) repeat = std::stoi(argv[++i]);
        else {
            std::cerr << "usage: twinbench_explain_bench [--rows N] [--repeat R]\n";
            return 2;
        }
    }
    const auto input = generate(rows);
    std::vector<double> wall;
    twinbench::ExplainResult result;
    for (int r = 0; r < repeat; ++r) {
        const auto t0 = twinbench::bench::clock_type::now();
        result = twinbench::explain_excursion(input);
        wall.push_back(twinbench::bench::ms_since(t0));
    }
    const std::string top = result.causes.empty() ? "-" : result.causes.front().name;
    std::cout << fmt::format("explain: {} rows, {} context variables + {} signals, {} candidate causes tested; "
                             "top cause {}; median {:.0f} ms, best {:.0f} ms over {} runs (goal < 1000 ms at 1,000,000 rows)\n",
                             rows, input.context.size(), input.numeric_signals.size(), result.candidates_tested, top,
                             twinbench::bench::percentile(wall, 0.5), *std::min_element(wall.begin(), wall.end()), repeat);
    return top == "Lot=B-123" ? 0 : 1;
}
