// The furnace temperature model of the furnace template behind the typed interface, and
// the columns the template's models read.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "models/furnace_output_models.h"
#include "models/furnace_response.h"

namespace twinbench {

nlohmann::json to_json(const FurnaceColumns& c) {
    return {{"setpoint", c.setpoint}, {"furnace_temp", c.furnace}, {"ambient_temp", c.ambient},
            {"produced", c.produced}, {"state", c.state},          {"speed", c.speed},
            {"wear", c.wear},         {"material", c.material}};
}

FurnaceColumns furnace_columns_from_json(const nlohmann::json& j) {
    FurnaceColumns c;
    c.setpoint = j.value("setpoint", "");
    c.furnace = j.value("furnace_temp", "");
    c.ambient = j.value("ambient_temp", "");
    c.produced = j.value("produced", "");
    c.state = j.value("state", "");
    c.speed = j.value("speed", "");
    c.wear = j.value("wear", "");
    c.material = j.value("material", "");
    return c;
}

FurnaceTemperatureOutputModel::FurnaceTemperatureOutputModel(FurnaceTwin furnace, FurnaceColumns columns)
    : furnace_(std::move(furnace)),
      columns_(std::move(columns)),
      fitted_tau_min_(furnace_.tau_min),
      fitted_tau2_min_(furnace_.tau2_min) {
    output_ = columns_.furnace.empty() ? std::string("furnace temperature") : columns_.furnace;
    unit_ = "°C";
    output_kind_ = OutputKind::continuous;
    const Eigen::Index p = furnace_.second_order() ? 6 : 5;
    // A model stored without a usable covariance is exact (its draws are the fitted values).
    covariance_ = furnace_.covariance.rows() == p ? furnace_.covariance : Eigen::MatrixXd::Zero(p, p);
    factor_covariance();
}

std::unique_ptr<OutputModel> FurnaceTemperatureOutputModel::clone() const {
    return std::make_unique<FurnaceTemperatureOutputModel>(*this);
}

std::vector<std::string> FurnaceTemperatureOutputModel::inputs() const {
    return {columns_.setpoint, columns_.produced, columns_.ambient};
}

std::vector<ModelTerm> FurnaceTemperatureOutputModel::terms() const {
    const auto se = [&](Eigen::Index i) {
        return covariance_.rows() > i ? std::sqrt(std::max(0.0, covariance_(i, i))) : 0.0;
    };
    std::vector<ModelTerm> out = {
        {furnace_.second_order() ? "Time constant (furnace air)" : "Time constant", "min", furnace_.tau_min, se(0)},
        {"Setpoint gain", "°C per °C", furnace_.setpoint_gain, se(1)},
        {"Load sensitivity", "°C per part/min", furnace_.load_sensitivity_degC_per_part_per_min, se(2)},
        {"Ambient sensitivity", "°C per °C", furnace_.ambient_sensitivity, se(3)},
        {"Offset", "°C", furnace_.offset_degC, se(4)}};
    if (furnace_.second_order()) out.push_back({"Time constant (thermocouple)", "min", furnace_.tau2_min, se(5)});
    return out;
}

Eigen::VectorXd FurnaceTemperatureOutputModel::parameters() const {
    Eigen::VectorXd p(furnace_.second_order() ? 6 : 5);
    // The first five are every furnace's; a comma initializer must fill its whole vector.
    p.head<5>() << furnace_.tau_min, furnace_.setpoint_gain, furnace_.load_sensitivity_degC_per_part_per_min,
        furnace_.ambient_sensitivity, furnace_.offset_degC;
    if (furnace_.second_order()) p(5) = furnace_.tau2_min;
    return p;
}

void FurnaceTemperatureOutputModel::set_parameters(const Eigen::VectorXd& p) { write_parameters(p, furnace_); }

void FurnaceTemperatureOutputModel::write_parameters(const Eigen::VectorXd& p, FurnaceTwin& part) const {
    if (p.size() != parameters().size() || part.second_order() != furnace_.second_order())
        throw std::invalid_argument("furnace temperature model: wrong number of parameters");
    part.tau_min = std::max(p(0), 0.05 * fitted_tau_min_);
    part.setpoint_gain = p(1);
    part.load_sensitivity_degC_per_part_per_min = p(2);
    part.ambient_sensitivity = p(3);
    part.offset_degC = p(4);
    if (part.second_order()) part.tau2_min = std::max(p(5), 0.05 * fitted_tau2_min_);
}

void FurnaceTemperatureOutputModel::simulate(const SignalFrame& frame, std::span<double> out) const {
    const std::size_t n = std::min(out.size(), frame.steps());
    if (n == 0) return;
    const double dt = frame.step_min;
    if (!(dt > 0.0))
        throw ModelError("the furnace temperature model needs data on a time axis (its dynamics run in minutes)");
    const auto N = static_cast<Eigen::Index>(n);
    using ConstMap = Eigen::Map<const Eigen::ArrayXd>;
    const ConstMap setpoint(frame.at(columns_.setpoint).values.data(), N);
    const ConstMap produced(frame.at(columns_.produced).values.data(), N);
    const ConstMap ambient(frame.at(columns_.ambient).values.data(), N);
    // As the simulator: the steady state over whole arrays, the load as parts per minute,
    // the start at the first step's steady state.
    const Eigen::ArrayXd drive = furnace_.setpoint_gain * setpoint +
                                 (furnace_.load_sensitivity_degC_per_part_per_min / dt) * produced +
                                 furnace_.ambient_sensitivity * ambient + furnace_.offset_degC;
    const double initial = furnace_.steady_state_degC(setpoint[0], produced[0] / dt, ambient[0]);
    Eigen::ArrayXd furnace;
    furnace_response(furnace_, dt, initial, drive, furnace);
    std::copy(furnace.data(), furnace.data() + N, out.begin());
}

void FurnaceTemperatureOutputModel::write_json(nlohmann::json& out) const {
    out["furnace"] = {{"tau_min", furnace_.tau_min},
                      {"tau2_min", furnace_.tau2_min},
                      {"setpoint_gain", furnace_.setpoint_gain},
                      {"load_sensitivity_degC_per_part_per_min", furnace_.load_sensitivity_degC_per_part_per_min},
                      {"ambient_sensitivity", furnace_.ambient_sensitivity},
                      {"offset_degC", furnace_.offset_degC},
                      {"fitted_tau_min", fitted_tau_min_},
                      {"fitted_tau2_min", fitted_tau2_min_}};
    out["columns"] = twinbench::to_json(columns_);
}

std::unique_ptr<FurnaceTemperatureOutputModel> FurnaceTemperatureOutputModel::from_json(const nlohmann::json& json) {
    const auto& f = json.at("furnace");
    FurnaceTwin furnace;
    furnace.tau_min = f.at("tau_min").get<double>();
    furnace.tau2_min = f.at("tau2_min").get<double>();
    furnace.setpoint_gain = f.at("setpoint_gain").get<double>();
    furnace.load_sensitivity_degC_per_part_per_min = f.at("load_sensitivity_degC_per_part_per_min").get<double>();
    furnace.ambient_sensitivity = f.at("ambient_sensitivity").get<double>();
    furnace.offset_degC = f.at("offset_degC").get<double>();
    auto model = std::make_unique<FurnaceTemperatureOutputModel>(furnace, furnace_columns_from_json(json.at("columns")));
    model->fitted_tau_min_ = f.at("fitted_tau_min").get<double>();
    model->fitted_tau2_min_ = f.at("fitted_tau2_min").get<double>();
    model->read_common_json(json);
    if (!model->covariance_.isZero(0.0)) model->furnace_.covariance = model->covariance_;
    return model;
}

}  // namespace twinbench
