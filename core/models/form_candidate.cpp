#include "models/form_candidate.h"

#include <array>
#include <cmath>
#include <utility>

namespace twinbench {
namespace {

constexpr std::array<std::pair<FormCandidate::Figure, const char*>, 3> figure_keys{
    {{FormCandidate::Figure::mse, "holdout_mse"},
     {FormCandidate::Figure::log_loss, "holdout_log_loss"},
     {FormCandidate::Figure::rmse, "holdout_rmse"}}};

}  // namespace

double FormCandidate::holdout_rmse() const {
    switch (figure) {
        case Figure::rmse: return holdout;
        case Figure::mse: return std::sqrt(holdout);
        case Figure::log_loss:
        case Figure::none: break;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

nlohmann::json to_json(const std::vector<FormCandidate>& candidates) {
    nlohmann::json out = nlohmann::json::array();
    for (const FormCandidate& c : candidates) {
        nlohmann::json j = c.details.is_object() ? c.details : nlohmann::json::object();
        if (!c.form.empty()) j["form"] = c.form;
        if (c.terms > 0) j["terms"] = c.terms;
        for (const auto& [figure, key] : figure_keys)
            if (c.figure == figure) j[key] = std::isfinite(c.holdout) ? nlohmann::json(c.holdout) : nlohmann::json();
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<FormCandidate> form_candidates_from_json(const nlohmann::json& json) {
    std::vector<FormCandidate> out;
    if (!json.is_array()) return out;
    for (const auto& j : json) {
        if (!j.is_object()) continue;
        FormCandidate c;
        c.details = j;
        if (const auto f = j.find("form"); f != j.end() && f->is_string()) {
            c.form = f->get<std::string>();
            c.details.erase("form");
        }
        if (const auto t = j.find("terms"); t != j.end() && t->is_number_unsigned()) {
            c.terms = t->get<std::size_t>();
            c.details.erase("terms");
        }
        for (const auto& [figure, key] : figure_keys) {
            const auto v = j.find(key);
            if (v == j.end() || c.figure != FormCandidate::Figure::none) continue;
            c.figure = figure;
            c.holdout = v->is_number() ? v->get<double>() : std::numeric_limits<double>::quiet_NaN();
            c.details.erase(key);
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace twinbench
