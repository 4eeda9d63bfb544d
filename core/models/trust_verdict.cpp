#include "models/trust_verdict.h"

#include <cmath>

#include <fmt/format.h>

namespace twinbench {
namespace {

std::string with_unit(double v, std::string_view unit) {
    return unit.empty() ? fmt::format("{:.3g}", v) : fmt::format("{:.3g} {}", v, unit);
}

TrustVerdict judge_continuous(const HoldoutMetrics& m, std::string_view unit) {
    TrustVerdict v;
    v.skill = std::isfinite(m.mean_rmse) && m.mean_rmse > 0.0 ? 1.0 - m.rmse / m.mean_rmse : HoldoutMetrics::nan;
    const double spread = std::sqrt(std::max(0.0, m.rmse * m.rmse - m.bias * m.bias));
    v.drift = std::isfinite(m.bias) && std::abs(m.bias) > 0.5 * spread && std::abs(m.bias) > 0.0;
    const std::string drift_text =
        v.drift ? fmt::format("; on the hold-out it predicts {} too {} on average (drift: refit on a recent window)",
                              with_unit(std::abs(m.bias), unit), m.bias > 0.0 ? "low" : "high")
                : "";
    if (std::isfinite(v.skill) && v.skill <= 0.0) {
        v.level = TrustVerdict::Level::not_trusted;
        v.message = fmt::format(
            "not trusted: worse than the mean on the hold-out (RMSE {} against {} for the training mean): the "
            "recent data differ from the training data{}",
            with_unit(m.rmse, unit), with_unit(m.mean_rmse, unit), drift_text);
    } else if (std::isfinite(m.r2) && m.r2 < 0.0) {
        v.level = TrustVerdict::Level::not_trusted;
        v.message = fmt::format(
            "not trusted: R² {:.2f} on the hold-out, its errors (RMSE {}) exceed the recent data's own "
            "variation{}",
            m.r2, with_unit(m.rmse, unit), drift_text);
    } else if (std::isfinite(m.r2) && m.r2 >= 0.7 && (!std::isfinite(v.skill) || v.skill > 0.3) && !v.drift) {
        v.level = TrustVerdict::Level::trusted;
        v.message = fmt::format("trusted: explains {:.0f} % of the hold-out's variation (RMSE {})", 100.0 * m.r2,
                                with_unit(m.rmse, unit));
    } else {
        v.level = TrustVerdict::Level::caution;
        v.message = fmt::format("use with care: explains {:.0f} % of the hold-out's variation (RMSE {}){}",
                                100.0 * (std::isfinite(m.r2) ? m.r2 : 0.0), with_unit(m.rmse, unit), drift_text);
    }
    return v;
}

TrustVerdict judge_outcome(const HoldoutMetrics& m) {
    TrustVerdict v;
    v.skill = std::isfinite(m.base_rate_log_loss) && m.base_rate_log_loss > 0.0
                  ? 1.0 - m.log_loss / m.base_rate_log_loss
                  : HoldoutMetrics::nan;
    v.drift = std::isfinite(m.predicted_rate) && std::isfinite(m.observed_rate) && m.observed_rate > 0.0 &&
              std::abs(m.predicted_rate - m.observed_rate) > 0.3 * m.observed_rate;
    const std::string drift_text =
        v.drift ? fmt::format("; the hold-out rate is {:.3g} % where it predicts {:.3g} % (drift: refit on a recent "
                              "window)",
                              100.0 * m.observed_rate, 100.0 * m.predicted_rate)
                : "";
    if (std::isfinite(v.skill) && v.skill <= 0.0) {
        v.level = TrustVerdict::Level::not_trusted;
        v.message = fmt::format(
            "not trusted: no better than the training rate on the hold-out (log loss {:.4f} against {:.4f}){}",
            m.log_loss, m.base_rate_log_loss, drift_text);
    } else if (std::isfinite(m.auc) && m.auc >= 0.75 && std::isfinite(v.skill) && v.skill >= 0.05 && !v.drift) {
        v.level = TrustVerdict::Level::trusted;
        v.message = fmt::format("trusted: ranks the hold-out's outcomes with AUC {:.2f}, log loss {:.0f} % below the "
                                "training rate's",
                                m.auc, 100.0 * v.skill);
    } else {
        v.level = TrustVerdict::Level::caution;
        v.message = fmt::format("use with care: AUC {:.2f} on the hold-out, log loss {:.0f} % below the training "
                                "rate's{}",
                                std::isfinite(m.auc) ? m.auc : 0.5, 100.0 * (std::isfinite(v.skill) ? v.skill : 0.0),
                                drift_text);
    }
    return v;
}

}  // namespace

std::string_view trust_level_name(TrustVerdict::Level level) {
    switch (level) {
        case TrustVerdict::Level::trusted: return "trusted";
        case TrustVerdict::Level::caution: return "caution";
        case TrustVerdict::Level::not_trusted: return "not_trusted";
        case TrustVerdict::Level::unknown: break;
    }
    return "unknown";
}

TrustVerdict judge_trust(const HoldoutMetrics& metrics, std::string_view unit) {
    if (metrics.n_test == 0) {
        TrustVerdict v;
        v.message = "unknown: no hold-out rows to judge the model on";
        return v;
    }
    if (std::isfinite(metrics.rmse)) return judge_continuous(metrics, unit);
    if (std::isfinite(metrics.log_loss)) return judge_outcome(metrics);
    TrustVerdict v;
    v.message = "unknown: the hold-out gave no usable figures";
    return v;
}

nlohmann::json to_json(const TrustVerdict& verdict) {
    return {{"level", trust_level_name(verdict.level)},
            {"skill", std::isfinite(verdict.skill) ? nlohmann::json(verdict.skill) : nlohmann::json(nullptr)},
            {"drift", verdict.drift},
            {"message", verdict.message}};
}

TrustVerdict trust_from_json(const nlohmann::json& json) {
    TrustVerdict v;
    if (!json.is_object()) return v;
    const std::string level = json.value("level", "unknown");
    for (const auto l : {TrustVerdict::Level::trusted, TrustVerdict::Level::caution, TrustVerdict::Level::not_trusted})
        if (trust_level_name(l) == level) v.level = l;
    if (json.contains("skill") && json["skill"].is_number()) v.skill = json["skill"].get<double>();
    v.drift = json.value("drift", false);
    v.message = json.value("message", "");
    return v;
}

}  // namespace twinbench
