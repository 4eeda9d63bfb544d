// Logistic regression benchmark: a 1,000,000-row, 8-predictor data set (fixed seed),
// fitted by twinbench's IRLS and by statsmodels' Logit (Newton, tol 1e-12) on the same
// data, written to a CSV in a temp folder. Only the fits are timed (not the CSV read).
// Goal (issue 4): at least 10x faster than statsmodels, same coefficients (1e-6 rel.).
//
//   twinbench_logit_bench [--rows N] [--repeat R] [--threads T] [--no-python]
//
// Needs /usr/bin/python3 with statsmodels (Debian: python3-statsmodels) for the
// comparison; without it only the C++ time is reported.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/logistic_regression.h"

namespace {

constexpr int predictors = 8;

// Python side: reads the CSV, times only Logit(...).fit, prints JSON on stdout.
constexpr const char* python_script = R"(import json, sys, time
import numpy as np, pandas as pd, statsmodels, statsmodels.api as sm
frame = pd.read_csv(sys.argv[1])
y = frame["y"].to_numpy(dtype=float)
x = sm.add_constant(frame.drop(columns="y").to_numpy(dtype=float), has_constant="add")
best = None
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    result = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
    seconds = time.perf_counter() - start
    best = seconds if best is None else min(best, seconds)
json.dump({"seconds": best, "params": [float(v) for v in result.params],
           "bse": [float(v) for v in result.bse], "iterations": int(result.mle_retvals["iterations"]),
           "statsmodels": statsmodels.__version__, "numpy": np.__version__}, sys.stdout)
)";

struct Data {
    Eigen::MatrixXd x;  // intercept + predictors, original units
    Eigen::VectorXd y;
};

Data generate(Eigen::Index n) {
    std::mt19937_64 rng(20260219);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    // Process-like predictors in their own units (means and spreads differ by orders of magnitude).
    const double mean[predictors] = {850.0, 12.0, 45.0, 20.0, 3.5, 1200.0, 0.8, 60.0};
    const double sd[predictors] = {15.0, 2.0, 8.0, 3.0, 0.5, 150.0, 0.1, 20.0};
    const double slope[predictors] = {0.02, -0.15, 0.03, 0.05, -0.4, 0.002, 1.5, -0.01};
    Data d;
    d.x.resize(n, predictors + 1);
    d.y.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        double eta = -2.0;
        d.x(i, 0) = 1.0;
        for (int j = 0; j < predictors; ++j) {
            const double v = mean[j] + sd[j] * normal(rng);
            d.x(i, j + 1) = v;
            eta += slope[j] * (v - mean[j]);
        }
        d.y[i] = uniform(rng) < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0;
    }
    return d;
}

void write_csv(const Data& d, const std::filesystem::path& file) {
    std::FILE* out = std::fopen(file.string().c_str(), "w");
    if (out == nullptr) throw std::runtime_error("cannot write " + file.string());
    std::string line = "y";
    for (int j = 0; j < predictors; ++j) line += fmt::format(",x{}", j + 1);
    std::fputs((line + "\n").c_str(), out);
    for (Eigen::Index i = 0; i < d.x.rows(); ++i) {
        line = fmt::format("{}", d.y[i]);
        // Shortest round-trip representation: python reads back exactly the same doubles.
        for (int j = 1; j <= predictors; ++j) line += fmt::format(",{}", d.x(i, j));
        line += '\n';
        std::fputs(line.c_str(), out);
    }
    std::fclose(out);
}

std::string run_capture(const std::string& command) {
    std::string output;
    std::FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    if (pclose(pipe) != 0) return {};
    return output;
}

}  // namespace

int main(int argc, char** argv) {
    Eigen::Index n = 1000000;
    int repeat = 3, python_repeat = 1;
    std::size_t threads = 0;
    bool python = true;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) n = std::stoll(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc) repeat = std::stoi(argv[++i]);
        else if (arg == "--python-repeat" && i + 1 < argc) python_repeat = std::stoi(argv[++i]);
        else if (arg == "--threads" && i + 1 < argc) threads = std::stoull(argv[++i]);
        else if (arg == "--no-python") python = false;
        else {
            std::cerr << "usage: twinbench_logit_bench [--rows N] [--repeat R] [--python-repeat R] [--threads T] "
                         "[--no-python]\n";
            return 2;
        }
    }
    const Data data = generate(n);
    std::vector<std::string> names{"(Intercept)"};
    for (int j = 0; j < predictors; ++j) names.push_back(fmt::format("x{}", j + 1));

    twinbench::LogisticOptions options;
    options.threads = threads;
    twinbench::LogisticFit fit;
    double best_ms = 1e300;
    for (int r = 0; r < repeat; ++r) {
        const auto start = std::chrono::steady_clock::now();
        fit = twinbench::fit_logistic(data.x, names, data.y, options);
        best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::cout << fmt::format("twinbench logistic fit, {} rows x {} predictors: best of {}: {:.1f} ms ({} iterations, "
                             "{} events)\n",
                             n, predictors, repeat, best_ms, fit.iterations, fit.n_successes);
    if (!fit.converged || !fit.warnings.empty()) {
        std::cerr << "fit did not converge cleanly\n";
        return 1;
    }
    if (!python) return 0;

    const auto dir = std::filesystem::temp_directory_path() / fmt::format("twinbench-logit-bench-{}", std::random_device{}());
    std::filesystem::create_directories(dir);
    const auto csv = dir / "data.csv", script = dir / "fit.py";
    write_csv(data, csv);
    std::ofstream(script) << python_script;
    const std::string output = run_capture(fmt::format("/usr/bin/python3 '{}' '{}' {} 2>/dev/null", script.string(),
                                                       csv.string(), python_repeat));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (output.empty()) {
        std::cout << "statsmodels comparison skipped: /usr/bin/python3 with statsmodels not available\n";
        return 0;
    }
    const auto result = nlohmann::json::parse(output);
    const double py_ms = 1000.0 * result["seconds"].get<double>();
    double worst_coef = 0.0, worst_se = 0.0;
    for (std::size_t j = 0; j < names.size(); ++j) {
        const auto k = static_cast<Eigen::Index>(j);
        const double c = result["params"][j].get<double>(), s = result["bse"][j].get<double>();
        worst_coef = std::max(worst_coef, std::abs(fit.coefficients[k] - c) / std::abs(c));
        worst_se = std::max(worst_se, std::abs(fit.std_errors[k] - s) / std::abs(s));
    }
    std::cout << fmt::format("statsmodels {} (numpy {}) Logit newton: {:.1f} ms ({} iterations)\n",
                             result["statsmodels"].get<std::string>(), result["numpy"].get<std::string>(), py_ms,
                             result["iterations"].get<int>());
    std::cout << fmt::format("speed-up {:.1f}x; largest relative difference: coefficients {:.2e}, std errors {:.2e}\n",
                             py_ms / best_ms, worst_coef, worst_se);
    if (worst_coef > 1e-6 || worst_se > 1e-6) {
        std::cerr << "coefficients differ from statsmodels by more than 1e-6 relative\n";
        return 1;
    }
    return 0;
}
