// The energy model of the furnace template behind the typed interface.
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/missing_value.h"
#include "models/furnace_output_models.h"

namespace twinbench {

FurnaceEnergyOutputModel::FurnaceEnergyOutputModel(EnergyTwin energy, std::vector<std::string> grade_labels,
                                                   FurnaceColumns columns)
    : energy_(std::move(energy)), grade_labels_(std::move(grade_labels)), columns_(std::move(columns)) {
    output_ = std::string(furnace_energy_output_name);
    unit_ = "kWh";
    output_kind_ = OutputKind::continuous;
    energy_.parts_theta_by_grade_min_per_m.clear();
    for (const auto& label : grade_labels_)
        energy_.parts_theta_by_grade_min_per_m.push_back(energy_.parts_heating.theta_for(label));
    const Eigen::Index p = parameters().size();
    covariance_ = energy_.covariance.rows() == p && energy_.covariance.cols() == p ? energy_.covariance
                                                                                   : Eigen::MatrixXd::Zero(p, p);
    factor_covariance();
}

std::unique_ptr<OutputModel> FurnaceEnergyOutputModel::clone() const {
    return std::make_unique<FurnaceEnergyOutputModel>(*this);
}

std::vector<std::string> FurnaceEnergyOutputModel::inputs() const {
    std::vector<std::string> out = {columns_.furnace, columns_.ambient, columns_.produced, columns_.state};
    if (energy_.parts_over_core) out.emplace_back(core_temperature_signal_name);
    if (energy_.parts_over_physics) {
        out.push_back(columns_.speed);
        if (!columns_.material.empty()) out.push_back(columns_.material);
    }
    return out;
}

std::vector<ModelTerm> FurnaceEnergyOutputModel::terms() const {
    const auto se = [&](Eigen::Index i) {
        return covariance_.rows() > i ? std::sqrt(std::max(0.0, covariance_(i, i))) : 0.0;
    };
    std::vector<ModelTerm> out = {{"Parts' heat", "kWh per part per K", energy_.parts_kwh_per_part_K, se(0)},
                                  {"Wall losses", "kW per K", energy_.loss_kw_per_K, se(1)}};
    for (std::size_t j = 0; j < energy_.base_kw.size(); ++j)
        out.push_back({energy_.base_levels[j].empty() ? std::string("Base load") : "Base load (" + energy_.base_levels[j] + ")",
                       "kW", energy_.base_kw[j], se(static_cast<Eigen::Index>(2 + j))});
    return out;
}

Eigen::VectorXd FurnaceEnergyOutputModel::parameters() const {
    Eigen::VectorXd p(static_cast<Eigen::Index>(2 + energy_.base_kw.size()));
    p(0) = energy_.parts_kwh_per_part_K;
    p(1) = energy_.loss_kw_per_K;
    for (std::size_t j = 0; j < energy_.base_kw.size(); ++j) p(static_cast<Eigen::Index>(2 + j)) = energy_.base_kw[j];
    return p;
}

void FurnaceEnergyOutputModel::set_parameters(const Eigen::VectorXd& p) { write_parameters(p, energy_); }

void FurnaceEnergyOutputModel::write_parameters(const Eigen::VectorXd& p, EnergyTwin& part) const {
    if (p.size() != parameters().size() || part.base_kw.size() != energy_.base_kw.size())
        throw std::invalid_argument("energy model: wrong number of parameters");
    part.parts_kwh_per_part_K = p(0);
    part.loss_kw_per_K = p(1);
    for (std::size_t j = 0; j < part.base_kw.size(); ++j) part.base_kw[j] = p(static_cast<Eigen::Index>(2 + j));
}

void FurnaceEnergyOutputModel::simulate(const SignalFrame& frame, std::span<double> out) const {
    const std::size_t n = std::min(out.size(), frame.steps());
    const double dt_h = frame.step_min / 60.0;
    const auto& furnace = frame.at(columns_.furnace).values;
    const auto& ambient = frame.at(columns_.ambient).values;
    const auto& produced = frame.at(columns_.produced).values;
    const FrameSignal& state = frame.at(columns_.state);
    // Base load by the state's level code (a label without its own base load: the mean).
    std::vector<double> base_by_code(state.levels.size());
    for (std::size_t c = 0; c < state.levels.size(); ++c) base_by_code[c] = energy_.base_kw_for(state.levels[c]);
    const std::vector<double>* core = energy_.parts_over_core ? &frame.at(core_temperature_signal_name).values : nullptr;
    const std::vector<double>* speed = energy_.parts_over_physics ? &frame.at(columns_.speed).values : nullptr;
    // The simulator's rule for the physics: a step of an unknown grade heats with the
    // constant for any grade.
    const std::vector<int> grade =
        speed != nullptr ? furnace_grade_per_step(frame, columns_.material, grade_labels_, n, -1) : std::vector<int>{};
    for (std::size_t k = 0; k < n; ++k) {
        const double code = state.values[k];
        const double base = code >= 0.0 && code < static_cast<double>(base_by_code.size())
                                ? base_by_code[static_cast<std::size_t>(code)]
                                : nan;
        double e = (energy_.loss_kw_per_K * dt_h) * (furnace[k] - ambient[k]) + dt_h * base;
        if (core != nullptr) {
            e += energy_.parts_kwh_per_part_K * produced[k] * ((*core)[k] - ambient[k]);
        } else if (speed != nullptr) {
            const auto g = static_cast<std::size_t>(grade[k]);
            const double theta = grade[k] >= 0 && g < energy_.parts_theta_by_grade_min_per_m.size()
                                     ? energy_.parts_theta_by_grade_min_per_m[g]
                                     : energy_.parts_heating.theta_any_grade_min_per_m;
            const double s = (*speed)[k];
            const double exit_factor = s > 0.0 && theta > 0.0 ? std::exp(-1.0 / (theta * s)) : 1.0;
            e += energy_.parts_kwh_per_part_K * produced[k] * (furnace[k] - ambient[k]) * (1.0 - exit_factor);
        } else {
            e += energy_.parts_kwh_per_part_K * produced[k] * (furnace[k] - ambient[k]);
        }
        out[k] = e;
    }
}

void FurnaceEnergyOutputModel::write_json(nlohmann::json& out) const {
    out["energy"] = {{"parts_over_core", energy_.parts_over_core},
                     {"parts_over_physics", energy_.parts_over_physics},
                     {"parts_heating", twinbench::to_json(energy_.parts_heating)},
                     {"parts_kwh_per_part_K", energy_.parts_kwh_per_part_K},
                     {"loss_kw_per_K", energy_.loss_kw_per_K},
                     {"base_levels", energy_.base_levels},
                     {"base_kw", energy_.base_kw}};
    out["grade_labels"] = grade_labels_;
    out["columns"] = twinbench::to_json(columns_);
}

std::unique_ptr<FurnaceEnergyOutputModel> FurnaceEnergyOutputModel::from_json(const nlohmann::json& json) {
    const auto& e = json.at("energy");
    EnergyTwin energy;
    energy.parts_over_core = e.at("parts_over_core").get<bool>();
    energy.parts_over_physics = e.at("parts_over_physics").get<bool>();
    if (const auto& h = e.at("parts_heating"); h.at("theta_min_per_m").is_number())
        energy.parts_heating = part_heating_from_json(h);
    energy.parts_kwh_per_part_K = e.at("parts_kwh_per_part_K").get<double>();
    energy.loss_kw_per_K = e.at("loss_kw_per_K").get<double>();
    energy.base_levels = e.at("base_levels").get<std::vector<std::string>>();
    energy.base_kw = e.at("base_kw").get<std::vector<double>>();
    if (energy.base_levels.size() != energy.base_kw.size())
        throw nlohmann::json::other_error::create(501, "base loads and states differ in number", nullptr);
    energy.available = !energy.base_kw.empty();
    auto model = std::make_unique<FurnaceEnergyOutputModel>(std::move(energy),
                                                            json.at("grade_labels").get<std::vector<std::string>>(),
                                                            furnace_columns_from_json(json.at("columns")));
    model->read_common_json(json);
    if (!model->covariance_.isZero(0.0)) model->energy_.covariance = model->covariance_;
    return model;
}

}  // namespace twinbench
