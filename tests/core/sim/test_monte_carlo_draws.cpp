// The furnace Monte Carlo draws a run's furnace parts (perturbed_twin: furnace dynamics,
// heating constants, scrap terms or the direct scrap model, energy terms, part pitch, wear
// law and maintenance duration) through the twin's typed models (twin.models). From the
// same generator a run's parts are exactly the models' draw(), in the models' order. From separate
// generators, over 4,000 draws each, the means, standard deviations and correlations of
// every drawn parameter agree within sampling error: each part of a run's twin is its
// model's draw (the right part, the parameters in their place, nothing drawn twice or left
// out). On the sample plant (first-order furnace, logistic scrap on the core temperature),
// with a second-order furnace (tau2 drawn too, down to its floor), and a line without
// manual checks (the direct scrap model). Before the Monte Carlo drew through the models
// it had draws of its own (an LDLT factor per draw, its own clamps), and the statistical
// comparison showed them to agree with the models' in the same way.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "sim/generated_process.h"
#include "sim/monte_carlo.h"
#include "sim/sample_study.h"
#include "sim/study.h"

namespace twinbench {
namespace {

// The parameters of the twin's furnace parts that have a typed model, in the order of the
// models' parameters(): temperature, core, scrap, energy, throughput.
Eigen::VectorXd furnace_part_parameters(const PlantTwin& t) {
    std::vector<double> p;
    const auto& f = t.furnace;
    p.insert(p.end(), {f.tau_min, f.setpoint_gain, f.load_sensitivity_degC_per_part_per_min,
                       f.ambient_sensitivity, f.offset_degC});
    if (f.second_order()) p.push_back(f.tau2_min);
    if (t.models.core) p.insert(p.end(), t.core.theta_min_per_m.begin(), t.core.theta_min_per_m.end());
    if (t.models.scrap) {
        if (t.defect.direct) {
            const Eigen::VectorXd d = t.defect.direct->parameters();
            p.insert(p.end(), d.data(), d.data() + d.size());
        } else {
            for (const auto& term : t.defect.terms) p.push_back(term.coefficient);
        }
    }
    if (t.models.energy) {
        p.insert(p.end(), {t.energy.parts_kwh_per_part_K, t.energy.loss_kw_per_K});
        p.insert(p.end(), t.energy.base_kw.begin(), t.energy.base_kw.end());
    }
    if (t.models.throughput) {
        const auto& th = t.throughput;
        p.insert(p.end(), {th.pitch_m, th.wear_w0_pct_per_min, th.wear_alpha, th.maintenance_min});
    }
    return Eigen::Map<const Eigen::VectorXd>(p.data(), static_cast<Eigen::Index>(p.size()));
}

Eigen::VectorXd typed_model_draw(const PlantTwin& t, std::mt19937_64& rng) {
    std::vector<double> p;
    auto models = t.models.all();
    if (t.models.throughput) models.push_back(t.models.throughput);
    for (const auto& model : models) {
        const Eigen::VectorXd d = model->draw(rng)->parameters();
        p.insert(p.end(), d.data(), d.data() + d.size());
    }
    return Eigen::Map<const Eigen::VectorXd>(p.data(), static_cast<Eigen::Index>(p.size()));
}

struct DrawMoments {
    Eigen::VectorXd mean;
    Eigen::MatrixXd cov;
};

DrawMoments moments_of(const std::vector<Eigen::VectorXd>& draws) {
    const auto n = static_cast<double>(draws.size());
    DrawMoments m{Eigen::VectorXd::Zero(draws.front().size()), {}};
    for (const auto& d : draws) m.mean += d;
    m.mean /= n;
    m.cov = Eigen::MatrixXd::Zero(m.mean.size(), m.mean.size());
    for (const auto& d : draws) m.cov += (d - m.mean) * (d - m.mean).transpose();
    m.cov /= n - 1.0;
    return m;
}

// Largest departures between the two samples, each in units of its sampling error.
struct Agreement {
    double mean_z = 0.0;          // |mean difference| / its standard error
    double sd_ratio_dev = 0.0;    // |sd ratio - 1|
    double corr_fisher_z = 0.0;   // |atanh r1 - atanh r2| / sqrt(2 / (n - 3))
    int parameters = 0, drawn = 0;
};

void compare_draws(const char* name, const PlantTwin& twin, int n = 4000) {
    ASSERT_NE(twin.models.temperature, nullptr) << name;
    std::mt19937_64 mc_rng(11), typed_rng(12);
    std::vector<Eigen::VectorXd> mc, typed;
    for (int i = 0; i < n; ++i) {
        mc.push_back(furnace_part_parameters(perturbed_twin(twin, mc_rng)));
        typed.push_back(typed_model_draw(twin, typed_rng));
    }
    ASSERT_EQ(mc.front().size(), typed.front().size()) << name;
    // From the same numbers, a run's parts are exactly the models' draws, in the models' order.
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 run_rng(seed), model_rng(seed);
        EXPECT_EQ(furnace_part_parameters(perturbed_twin(twin, run_rng)), typed_model_draw(twin, model_rng)) << name;
    }
    const Eigen::VectorXd fitted = furnace_part_parameters(twin);
    const DrawMoments a = moments_of(mc), b = moments_of(typed);
    Agreement g;
    g.parameters = static_cast<int>(fitted.size());
    const double fisher_se = std::sqrt(2.0 / (n - 3.0));
    for (Eigen::Index i = 0; i < fitted.size(); ++i) {
        const double sa = std::sqrt(a.cov(i, i)), sb = std::sqrt(b.cov(i, i));
        const double scale = std::max(1.0, std::abs(fitted(i)));
        if (sa <= 1e-12 * scale || sb <= 1e-12 * scale) {
            // Not drawn (an exact term): neither moves it.
            EXPECT_LE(sa, 1e-12 * scale) << name << " parameter " << i;
            EXPECT_LE(sb, 1e-12 * scale) << name << " parameter " << i;
            EXPECT_NEAR(a.mean(i), fitted(i), 1e-12 * scale) << name << " parameter " << i;
            EXPECT_NEAR(b.mean(i), fitted(i), 1e-12 * scale) << name << " parameter " << i;
            continue;
        }
        ++g.drawn;
        const double mean_z = std::abs(a.mean(i) - b.mean(i)) / std::sqrt((sa * sa + sb * sb) / n);
        const double sd_dev = std::abs(sa / sb - 1.0);
        g.mean_z = std::max(g.mean_z, mean_z);
        g.sd_ratio_dev = std::max(g.sd_ratio_dev, sd_dev);
        // 5 standard errors: the mean's error is 1 / sqrt(n) of the sd's combined; the log of
        // an sd estimate has sd 1 / sqrt(2 n), the ratio of two sqrt(1 / n).
        EXPECT_LT(mean_z, 5.0) << name << " parameter " << i << ": " << a.mean(i) << " vs " << b.mean(i);
        EXPECT_LT(sd_dev, 5.0 / std::sqrt(double(n))) << name << " parameter " << i << ": sd " << sa << " vs " << sb;
        for (Eigen::Index j = 0; j < i; ++j) {
            const double sja = std::sqrt(a.cov(j, j)), sjb = std::sqrt(b.cov(j, j));
            if (sja <= 0.0 || sjb <= 0.0) continue;
            const auto fisher = [](double r) { return std::atanh(std::clamp(r, -1.0 + 1e-12, 1.0 - 1e-12)); };
            const double ra = a.cov(i, j) / (sa * sja), rb = b.cov(i, j) / (sb * sjb);
            const double z = std::abs(fisher(ra) - fisher(rb)) / fisher_se;
            g.corr_fisher_z = std::max(g.corr_fisher_z, z);
            EXPECT_LT(z, 5.0) << name << " correlation " << i << "," << j << ": " << ra << " vs " << rb;
        }
    }
    std::printf("%s: %d parameters (%d drawn), %d draws each: largest mean difference %.2f se, largest sd "
                "ratio off 1 by %.4f (se %.4f), largest correlation difference %.2f se (Fisher z)\n",
                name, g.parameters, g.drawn, n, g.mean_z, g.sd_ratio_dev, 1.0 / std::sqrt(double(n)),
                g.corr_fisher_z);
    EXPECT_GT(g.drawn, 0) << name;
}

// The sample plant's stored models with a second-order furnace (as the fit writes one:
// order 2, a sixth term tau2, a 6 x 6 covariance). tau2's sd is half its value, so that
// about 3 % of the draws reach the floor both keep it at (5 % of the fitted value).
nlohmann::json models_with_second_order_furnace() {
    nlohmann::json models = test::sample_study().study->models;
    auto& t = models.at("temperature");
    t["order"] = 2;
    t["terms"].push_back({{"name", "tau2"}, {"estimate", 5.0}, {"std_error", 2.5}});
    auto cov = t.at("covariance");
    for (auto& row : cov) row.push_back(0.0);
    nlohmann::json last = nlohmann::json::array();
    for (int c = 0; c < 5; ++c) last.push_back(0.0);
    last.push_back(6.25);
    cov.push_back(last);
    t["covariance"] = cov;
    return models;
}

TEST(MonteCarloDraws, SamplePlantPartsDrawAsTheirTypedModels) {
    compare_draws("sample plant", test::sample_study().study->twin);
}

TEST(MonteCarloDraws, SecondOrderFurnaceDrawsAsItsTypedModel) {
    const auto& s = test::sample_study();
    const PlantTwin twin = build_twin(models_with_second_order_furnace(), s.study->table, s.study->dataset.time_zone);
    ASSERT_TRUE(twin.furnace.second_order());
    compare_draws("second-order furnace", twin);
}

TEST(MonteCarloDraws, DirectScrapModelDrawsAsItsTypedModel) {
    const TwinStudy& study = *test::furnace_twin("no-checks", 1, 30).study;
    ASSERT_TRUE(study.furnace);
    const PlantTwin& twin = study.furnace->twin;
    ASSERT_NE(twin.models.scrap, nullptr);
    ASSERT_TRUE(twin.defect.direct);
    compare_draws("no manual checks (direct scrap)", twin);
}

}  // namespace
}  // namespace twinbench
