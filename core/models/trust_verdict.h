// Trust travels with numbers (issue 14): every fitted model gets a verdict from its
// hold-out, in words an engineer can act on, and every result computed from the model
// carries it (JSON `trust`, report, GUI). The figures behind it are the hold-out's.
//
//   continuous  skill = 1 - RMSE / RMSE(training mean): how much better than knowing only
//               the average. <= 0: "not trusted: worse than the mean on the hold-out, the
//               recent data differ from the training data"; a bias over half the
//               residual spread is drift; R² >= 0.7 (and skill > 0.3) "trusted", else
//               "use with care".
//   0/1, count  skill = 1 - log loss / log loss(training rate); <= 0 not trusted; AUC
//               >= 0.75 and skill >= 0.05 trusted, else use with care; predicted and
//               observed hold-out rates more than 30 % apart: drift.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "models/holdout_metrics.h"

namespace twinbench {

struct TrustVerdict {
    enum class Level { unknown, trusted, caution, not_trusted };
    Level level = Level::unknown;
    double skill = HoldoutMetrics::nan;  // as defined above
    bool drift = false;                  // the hold-out is off to one side
    std::string message;                 // one sentence, with the figures
};

std::string_view trust_level_name(TrustVerdict::Level level);  // "trusted", "caution", ...

// unit: of the output, for the messages ("" for 0/1 and counts).
TrustVerdict judge_trust(const HoldoutMetrics& metrics, std::string_view unit);

// {"level", "skill", "drift", "message"}.
nlohmann::json to_json(const TrustVerdict& verdict);
TrustVerdict trust_from_json(const nlohmann::json& json);

}  // namespace twinbench
