// Hold-out residual diagnostics (issue 4, validation): thinning keeps order and the ends,
// and on a reference-plant run the predicted side of every model's diagnostics is
// compared with the plant's TRUE series (true furnace temperature, true energy, true
// expected scrap), which the measured "actual" side only approximates.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "full_plant_table.h"
#include "models/model_diagnostics.h"
#include "models/model_fitting.h"

namespace twinbench {
namespace {

TEST(ModelDiagnostics, ThinningIsEvenOrderedAndKeepsTheEnds) {
    EXPECT_EQ(thin_evenly(5, 2000), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
    EXPECT_TRUE(thin_evenly(0, 2000).empty());
    for (const std::size_t n : {2001u, 20000u, 129600u}) {
        const auto idx = thin_evenly(n, 2000);
        ASSERT_EQ(idx.size(), 2000u) << n;
        EXPECT_EQ(idx.front(), 0u);
        EXPECT_EQ(idx.back(), n - 1);
        const std::size_t step = (n - 1) / 1999;
        for (std::size_t i = 1; i < idx.size(); ++i) {
            ASSERT_GT(idx[i], idx[i - 1]) << n;
            // Even: every gap is the nominal step or one more.
            EXPECT_GE(idx[i] - idx[i - 1], step) << n;
            EXPECT_LE(idx[i] - idx[i - 1], step + 1) << n;
        }
    }
}

TEST(ModelDiagnostics, JsonCarriesPairsResidualsAndNulls) {
    HoldoutDiagnostics d;
    d.unit = "kWh";
    d.add(3600.0, 10.0, 12.5);
    d.add(7200.0, std::nan(""), 3.0);
    const auto j = diagnostics_json(d);
    EXPECT_EQ(j["unit"], "kWh");
    EXPECT_EQ(j["time_axis"], "utc_seconds");
    ASSERT_EQ(j["predicted_vs_actual"].size(), 2u);
    EXPECT_DOUBLE_EQ(j["predicted_vs_actual"][0][0].get<double>(), 10.0);
    EXPECT_DOUBLE_EQ(j["predicted_vs_actual"][0][1].get<double>(), 12.5);
    EXPECT_DOUBLE_EQ(j["residuals_over_time"][0][0].get<double>(), 3600.0);
    EXPECT_DOUBLE_EQ(j["residuals_over_time"][0][1].get<double>(), 2.5);  // actual - predicted
    EXPECT_TRUE(j["predicted_vs_actual"][1][0].is_null());
    EXPECT_TRUE(j["residuals_over_time"][1][1].is_null());
}

double hour_of(double t) {
    return std::floor(t / 3600.0);
}

TEST(ModelDiagnostics, FitJsonDiagnosticsAgainstThePlantTruth) {
    const auto c = test::full_plant_case(5, 60);
    const auto result = fit_all_models(c.table, "Europe/Berlin").to_json();
    const auto& models = result["models"];
    for (const char* key : {"temperature", "defect", "energy", "throughput"}) {
        ASSERT_TRUE(models.contains(key)) << key << " skipped: " << result["skipped"].dump();
        const auto& d = models[key]["diagnostics"];
        ASSERT_TRUE(d.is_object()) << key;
        EXPECT_FALSE(d["unit"].get<std::string>().empty()) << key;
        EXPECT_EQ(d["predicted_vs_actual"].size(), d["residuals_over_time"].size()) << key;
        EXPECT_LE(d["predicted_vs_actual"].size(), 2000u) << key;
        EXPECT_GT(d["predicted_vs_actual"].size(), 100u) << key;
        double last = -1e300;
        for (const auto& r : d["residuals_over_time"]) {
            EXPECT_GT(r[0].get<double>(), last) << key;  // time order kept
            last = r[0].get<double>();
        }
    }
    const auto& run = c.run;
    const double t0 = static_cast<double>(run.time_utc(0));
    const auto row_at = [&](double t) {
        return static_cast<std::size_t>(std::llround((t - t0) / 60.0));
    };

    // Temperature: the free run against the TRUE furnace temperature is model error only;
    // against the measurement it adds the thermocouple noise (sd 1.5 degC in truth).
    {
        const auto& d = models["temperature"]["diagnostics"];
        double sse_true = 0.0, sse_meas = 0.0;
        for (std::size_t i = 0; i < d["predicted_vs_actual"].size(); ++i) {
            const double p = d["predicted_vs_actual"][i][0].get<double>();
            const double a = d["predicted_vs_actual"][i][1].get<double>();
            const std::size_t row = row_at(d["residuals_over_time"][i][0].get<double>());
            sse_true += (p - run.furnace_true_degC[row]) * (p - run.furnace_true_degC[row]);
            sse_meas += (p - a) * (p - a);
        }
        const double n = static_cast<double>(d["predicted_vs_actual"].size());
        const double rmse_true = std::sqrt(sse_true / n), rmse_meas = std::sqrt(sse_meas / n);
        std::printf("temperature: free run vs true %.3f, vs measured %.3f degC (%zu points)\n",
                    rmse_true, rmse_meas, d["predicted_vs_actual"].size());
        EXPECT_LT(rmse_true, 0.3);
        EXPECT_NEAR(rmse_meas, c.scenario.truth.thermocouple_noise_sd_degC, 0.3);
    }
    // Energy: predicted per hourly window against the TRUE energy of the window's rows.
    {
        std::map<double, double> true_kwh;
        for (std::size_t i = 0; i < run.steps(); ++i)
            true_kwh[hour_of(static_cast<double>(run.time_utc(i)))] += run.energy_kwh[i];
        const auto& d = models["energy"]["diagnostics"];
        double sse = 0.0, sum = 0.0;
        const std::size_t n = d["predicted_vs_actual"].size();
        for (std::size_t i = 0; i < n; ++i) {
            const double p = d["predicted_vs_actual"][i][0].get<double>();
            const double e = true_kwh.at(hour_of(d["residuals_over_time"][i][0].get<double>()));
            sse += (p - e) * (p - e);
            sum += e;
        }
        const double rel = std::sqrt(sse / static_cast<double>(n)) / (sum / static_cast<double>(n));
        std::printf("energy: predicted vs true per window: relative RMSE %.4f\n", rel);
        EXPECT_LT(rel, 0.02);  // meter noise 1 % per row averages out; model error remains
    }
    // Throughput: the conveyor law predicts the counted parts per hour up to the carry of
    // part fractions between windows (one part of ~240 per hour).
    {
        const auto& d = models["throughput"]["diagnostics"];
        double sum_p = 0.0, sum_a = 0.0;
        for (const auto& pa : d["predicted_vs_actual"]) {
            sum_p += pa[0].get<double>();
            sum_a += pa[1].get<double>();
        }
        EXPECT_NEAR(sum_p / sum_a, 1.0, 0.005);
    }
    // Defect: predicted scrap per hour against the TRUE expected scrap (probability times
    // parts) of the hour: the model's error without the binomial noise of the counts.
    // Both follow the hour's part count, so the rates per part are compared as well.
    {
        std::map<double, double> expected, parts;
        for (std::size_t i = 0; i < run.steps(); ++i)
            if (run.produced[i] > 0) {
                const double h = hour_of(static_cast<double>(run.time_utc(i)));
                expected[h] += run.defect_probability[i] * run.produced[i];
                parts[h] += run.produced[i];
            }
        const auto& d = models["defect"]["diagnostics"];
        EXPECT_EQ(d["unit"], "scrapped parts per hour");
        double sum_p = 0.0, sum_e = 0.0, sum_a = 0.0;
        std::vector<std::pair<double, double>> rates;  // predicted, true expected per part
        for (std::size_t i = 0; i < d["predicted_vs_actual"].size(); ++i) {
            const double h = hour_of(d["residuals_over_time"][i][0].get<double>());
            const double p = d["predicted_vs_actual"][i][0].get<double>();
            const double e = expected.at(h);
            sum_p += p;
            sum_e += e;
            sum_a += d["predicted_vs_actual"][i][1].get<double>();
            if (parts.at(h) >= 100.0) rates.emplace_back(p / parts.at(h), e / parts.at(h));
        }
        double mp = 0.0, me = 0.0, sxy = 0.0, sxx = 0.0, syy = 0.0;
        for (const auto& [p, e] : rates) {
            mp += p / static_cast<double>(rates.size());
            me += e / static_cast<double>(rates.size());
        }
        for (const auto& [p, e] : rates) {
            sxy += (p - mp) * (e - me);
            sxx += (p - mp) * (p - mp);
            syy += (e - me) * (e - me);
        }
        const double corr = sxy / std::sqrt(sxx * syy);
        std::printf(
            "defect: predicted %.1f, true expected %.1f, observed %.0f scrapped parts; hourly "
            "scrap-rate "
            "correlation with the true rate %.3f over %zu hours\n",
            sum_p, sum_e, sum_a, corr, rates.size());
        EXPECT_NEAR(sum_p / sum_e, 1.0, 0.10);
        EXPECT_GT(corr, 0.8);
    }
}

}  // namespace
}  // namespace twinbench
