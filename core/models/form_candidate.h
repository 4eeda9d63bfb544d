// One form a fit compared on the time-ordered hold-out: "main effects", "main effects +
// Outlet air temp²", "multiplicative: ln(output) linear in 6 terms", "dynamic, order 2".
// The figure it was judged by is typed (what the process map and a report show); what
// else the fit recorded about it (the forward selection's steps, training RMSE, BIC,
// convergence, the second order's output lag) travels as it was written. In a stored
// model these are the `candidates` of PRODUCT.md section 4's models.outputs object, one
// JSON object per form: `form`, `terms`, the figure under its key (`holdout_mse`,
// `holdout_log_loss` or `holdout_rmse`) and the details beside them.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinbench {

struct FormCandidate {
    enum class Figure { none, mse, log_loss, rmse };

    std::string form;      // "" in a stored record that named none (not shown)
    std::size_t terms = 0;  // 0 = not counted (a dynamic order)
    Figure figure = Figure::none;
    double holdout = std::numeric_limits<double>::quiet_NaN();  // on the output's scale (MSE: squared)
    nlohmann::json details = nlohmann::json::object();

    // The hold-out RMSE on the output's scale (the root of an MSE); NaN for a log loss or none.
    double holdout_rmse() const;
};

nlohmann::json to_json(const std::vector<FormCandidate>& candidates);
// Any array of objects (a project stored before the figures were typed reads the same);
// anything else is no candidates.
std::vector<FormCandidate> form_candidates_from_json(const nlohmann::json& json);

}  // namespace twinbench
