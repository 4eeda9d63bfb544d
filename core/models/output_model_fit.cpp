#include "models/output_model_fit.h"

#include <fmt/format.h>

#include "common/error.h"
#include "models/dynamic_output_fit.h"
#include "models/static_output_fit.h"

namespace twinbench {

std::unique_ptr<OutputModel> fit_output_model(const SignalFrame& frame, const OutputFitSpec& spec) {
    std::unique_ptr<StaticOutputModel> fitted_static = fit_static_output(frame, spec);
    std::unique_ptr<OutputModel> chosen;
    std::vector<FormCandidate> candidates = fitted_static->report().candidates;
    std::string reason = fitted_static->report().form_reason;
    if (spec.kind == OutputKind::continuous && spec.dynamic_form && frame.has_time()) {
        // The dynamic model keeps the static model's offsets: categorical levels and the
        // time-of-day terms it chose.
        std::vector<Regressor> offsets;
        for (const auto& r : fitted_static->regressors())
            if (r.kind == Regressor::Kind::level || r.kind == Regressor::Kind::day_sine ||
                r.kind == Regressor::Kind::day_cosine || r.kind == Regressor::Kind::weekend ||
                r.kind == Regressor::Kind::hour)
                offsets.push_back(r);
        try {
            std::unique_ptr<DynamicOutputModel> dynamic =
                fit_dynamic_output(frame, spec, offsets, fitted_static->report().metrics.rmse);
            const double rmse_dynamic = dynamic->report().metrics.rmse;
            const double rmse_static = fitted_static->report().metrics.rmse;
            const auto& dynamic_forms = dynamic->report().candidates;
            candidates.insert(candidates.end(), dynamic_forms.begin(), dynamic_forms.end());
            if (rmse_dynamic < (1.0 - spec.min_holdout_gain) * rmse_static) {
                reason = fmt::format("dynamic ({}): free-run hold-out RMSE {:.4g} against {:.4g} for the static "
                                     "regression, the output lags its inputs",
                                     dynamic->report().form_reason, rmse_dynamic, rmse_static);
                chosen = std::move(dynamic);
            } else {
                reason += fmt::format("; static: the dynamic model's free-run hold-out RMSE {:.4g} is not lower than "
                                      "{:.4g}",
                                      rmse_dynamic, rmse_static);
            }
        } catch (const ModelError& e) {
            reason += fmt::format("; static ({})", e.what());
        }
    }
    if (!chosen) chosen = std::move(fitted_static);
    FitReport& report = chosen->report();
    report.form_reason = reason;
    report.candidates = candidates;
    report.trust = judge_trust(report.metrics, spec.kind == OutputKind::continuous ? spec.unit : "");
    return chosen;
}

}  // namespace twinbench
