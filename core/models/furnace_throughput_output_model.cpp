// The throughput model of the furnace template behind the typed interface.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "common/missing_value.h"
#include "models/furnace_output_models.h"

namespace twinbench {

FurnaceThroughputOutputModel::FurnaceThroughputOutputModel(const ThroughputTwin& throughput, FurnaceColumns columns,
                                                           std::string running_label, std::string maintenance_label)
    : throughput_(throughput),
      fitted_pitch_m_(throughput_.pitch_m),
      columns_(std::move(columns)),
      running_label_(std::move(running_label)),
      maintenance_label_(std::move(maintenance_label)) {
    output_ = std::string(furnace_parts_output_name);
    unit_ = "parts";
    output_kind_ = OutputKind::continuous;
    const double wear_w0_se = throughput_.has_wear ? throughput_.wear_w0_se : 0.0;
    const double wear_alpha_se = throughput_.has_wear ? throughput_.wear_alpha_se : 0.0;
    const Eigen::Vector4d se(throughput_.pitch_se_m, wear_w0_se, wear_alpha_se, throughput_.maintenance_se_min);
    covariance_ = se.cwiseProduct(se).asDiagonal();
    factor_covariance();
}

std::unique_ptr<OutputModel> FurnaceThroughputOutputModel::clone() const {
    return std::make_unique<FurnaceThroughputOutputModel>(*this);
}

std::vector<std::string> FurnaceThroughputOutputModel::inputs() const { return {columns_.speed, columns_.state}; }

std::vector<ModelTerm> FurnaceThroughputOutputModel::terms() const {
    const ThroughputTwin& t = throughput_;
    std::vector<ModelTerm> out = {{"Part pitch", "m", t.pitch_m, t.pitch_se_m}};
    if (t.has_wear) {
        out.push_back({"Wear rate at the reference speed", "% per running min", t.wear_w0_pct_per_min, t.wear_w0_se});
        out.push_back({"Wear speed exponent", "", t.wear_alpha, t.wear_alpha_se});
        out.push_back({"Wear limit", "%", t.wear_limit_pct, t.wear_limit_se});
    }
    out.push_back({"Maintenance duration", "min", t.maintenance_min, t.maintenance_se_min});
    return out;
}

Eigen::VectorXd FurnaceThroughputOutputModel::parameters() const {
    const ThroughputTwin& t = throughput_;
    return Eigen::Vector4d(t.pitch_m, t.wear_w0_pct_per_min, t.wear_alpha, t.maintenance_min);
}

void FurnaceThroughputOutputModel::set_parameters(const Eigen::VectorXd& p) { write_parameters(p, throughput_); }

void FurnaceThroughputOutputModel::write_parameters(const Eigen::VectorXd& p, ThroughputTwin& part) const {
    if (p.size() != 4) throw std::invalid_argument("throughput model: wrong number of parameters");
    part.pitch_m = std::max(p(0), 0.5 * fitted_pitch_m_);
    if (part.has_wear) {
        part.wear_w0_pct_per_min = std::max(p(1), 0.0);
        part.wear_alpha = p(2);
    }
    part.maintenance_min = std::max(p(3), 0.0);
}

void FurnaceThroughputOutputModel::simulate(const SignalFrame& frame, std::span<double> out) const {
    const std::size_t n = std::min(out.size(), frame.steps());
    const auto& speed = frame.at(columns_.speed).values;
    const FrameSignal& state = frame.at(columns_.state);
    const auto running = std::find(state.levels.begin(), state.levels.end(), running_label_);
    const double running_code =
        running == state.levels.end() ? -1.0 : static_cast<double>(running - state.levels.begin());
    for (std::size_t k = 0; k < n; ++k) {
        const double code = state.values[k];
        if (!std::isfinite(code) || !std::isfinite(speed[k])) {
            out[k] = nan;
            continue;
        }
        out[k] = code == running_code ? throughput_.parts_per_min(speed[k]) * frame.step_min : 0.0;
    }
}

void FurnaceThroughputOutputModel::write_json(nlohmann::json& out) const {
    const ThroughputTwin& t = throughput_;
    out["throughput"] = {{"pitch_m", t.pitch_m},
                         {"pitch_se_m", t.pitch_se_m},
                         {"fitted_pitch_m", fitted_pitch_m_},
                         {"has_wear", t.has_wear},
                         {"speed_ref_m_per_min", t.speed_ref_m_per_min},
                         {"wear_w0_pct_per_min", t.wear_w0_pct_per_min},
                         {"wear_w0_se", t.wear_w0_se},
                         {"wear_alpha", t.wear_alpha},
                         {"wear_alpha_se", t.wear_alpha_se},
                         {"wear_limit_pct", t.wear_limit_pct},
                         {"wear_limit_se", t.wear_limit_se},
                         {"wear_after_pct", t.wear_after_pct},
                         {"maintenance_min", t.maintenance_min},
                         {"maintenance_se_min", t.maintenance_se_min},
                         {"running_min_per_maintenance", t.running_min_per_maintenance}};
    out["columns"] = twinbench::to_json(columns_);
    out["running_label"] = running_label_;
    out["maintenance_label"] = maintenance_label_;
}

std::unique_ptr<FurnaceThroughputOutputModel> FurnaceThroughputOutputModel::from_json(const nlohmann::json& json) {
    const auto& j = json.at("throughput");
    ThroughputTwin t;
    t.pitch_m = j.at("pitch_m").get<double>();
    t.pitch_se_m = j.at("pitch_se_m").get<double>();
    t.has_wear = j.at("has_wear").get<bool>();
    t.speed_ref_m_per_min = j.at("speed_ref_m_per_min").get<double>();
    t.wear_w0_pct_per_min = j.at("wear_w0_pct_per_min").get<double>();
    t.wear_w0_se = j.at("wear_w0_se").get<double>();
    t.wear_alpha = j.at("wear_alpha").get<double>();
    t.wear_alpha_se = j.at("wear_alpha_se").get<double>();
    t.wear_limit_pct = j.at("wear_limit_pct").get<double>();
    t.wear_limit_se = j.at("wear_limit_se").get<double>();
    t.wear_after_pct = j.at("wear_after_pct").get<double>();
    t.maintenance_min = j.at("maintenance_min").get<double>();
    t.maintenance_se_min = j.at("maintenance_se_min").get<double>();
    t.running_min_per_maintenance = j.at("running_min_per_maintenance").get<double>();
    if (!(t.pitch_m > 0.0))
        throw nlohmann::json::other_error::create(501, "the part pitch is not positive", nullptr);
    auto model = std::make_unique<FurnaceThroughputOutputModel>(t, furnace_columns_from_json(json.at("columns")),
                                                                json.at("running_label").get<std::string>(),
                                                                json.at("maintenance_label").get<std::string>());
    model->fitted_pitch_m_ = j.at("fitted_pitch_m").get<double>();
    model->read_common_json(json);
    return model;
}

}  // namespace twinbench
