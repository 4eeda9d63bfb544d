// The scrap model of the furnace template behind the typed interface: the process model
// (logistic in the core temperature window) or the direct model from what is measured.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "common/json_number.h"
#include "common/vector_logistic.h"
#include "models/furnace_output_models.h"
#include "models/furnace_without_checks.h"

namespace twinbench {
namespace {

constexpr std::pair<DefectTwin::Input, const char*> input_names[] = {
    {DefectTwin::Input::intercept, "intercept"}, {DefectTwin::Input::core, "core"},
    {DefectTwin::Input::core_squared, "core_squared"}, {DefectTwin::Input::humidity, "humidity"},
    {DefectTwin::Input::wear, "wear"}, {DefectTwin::Input::speed, "speed"},
    {DefectTwin::Input::grade, "grade"}, {DefectTwin::Input::factor, "factor"}};

const char* input_name(DefectTwin::Input input) {
    for (const auto& [i, name] : input_names)
        if (i == input) return name;
    return "intercept";
}

DefectTwin::Input input_from(const std::string& name) {
    for (const auto& [i, n] : input_names)
        if (name == n) return i;
    throw nlohmann::json::other_error::create(501, "unknown scrap model input '" + name + "'", nullptr);
}

std::string term_unit(const DefectTwin::Term& t) {
    switch (t.input) {
        case DefectTwin::Input::core: return "log-odds per °C";
        case DefectTwin::Input::core_squared: return "log-odds per °C²";
        case DefectTwin::Input::wear: return "log-odds per %";
        case DefectTwin::Input::speed: return "log-odds per m/min";
        default: return "log-odds";
    }
}

}  // namespace

FurnaceScrapOutputModel::FurnaceScrapOutputModel(DefectTwin defect, std::vector<std::string> grade_labels,
                                                 FurnaceColumns columns)
    : defect_(std::move(defect)), grade_labels_(std::move(grade_labels)), columns_(std::move(columns)) {
    output_ = std::string(furnace_scrap_output_name);
    unit_ = "parts";
    output_kind_ = OutputKind::count;
    total_signal_ = columns_.produced;
    const Eigen::Index p = parameters().size();
    const Eigen::MatrixXd& stored = defect_.direct ? defect_.direct->covariance() : defect_.covariance;
    covariance_ = stored.rows() == p && stored.cols() == p ? stored : Eigen::MatrixXd::Zero(p, p);
    factor_covariance();
}

std::unique_ptr<OutputModel> FurnaceScrapOutputModel::clone() const {
    return std::make_unique<FurnaceScrapOutputModel>(*this);
}

std::vector<std::string> FurnaceScrapOutputModel::inputs() const {
    std::vector<std::string> out;
    const auto add = [&](const std::string& s) {
        if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    if (defect_.direct) {
        for (const auto& name : defect_.direct->inputs()) {
            if (name == core_proxy_signal_name) {
                add(defect_.furnace_column);
                add(defect_.ambient_column);
                add(defect_.speed_column);
                add(defect_.material_column);
            } else if (is_residence_signal(name)) {
                add(defect_.speed_column);
            } else if (name != defect_.direct->total_signal()) {
                add(name);
            }
        }
    } else {
        for (const auto& t : defect_.terms) {
            switch (t.input) {
                case DefectTwin::Input::core:
                case DefectTwin::Input::core_squared: add(std::string(core_temperature_signal_name)); break;
                case DefectTwin::Input::wear: add(columns_.wear); break;
                case DefectTwin::Input::speed: add(columns_.speed); break;
                case DefectTwin::Input::humidity: add(defect_.humidity_column); break;
                case DefectTwin::Input::grade: add(columns_.material); break;
                case DefectTwin::Input::factor:
                    add(defect_.factor_columns[static_cast<std::size_t>(t.factor)]);
                    break;
                default: break;
            }
        }
    }
    add(columns_.produced);
    return out;
}

std::vector<ModelTerm> FurnaceScrapOutputModel::terms() const {
    if (defect_.direct) return defect_.direct->terms();
    std::vector<ModelTerm> out;
    for (std::size_t j = 0; j < defect_.terms.size(); ++j) {
        const auto i = static_cast<Eigen::Index>(j);
        const double var = covariance_.rows() > i ? covariance_(i, i) : 0.0;
        out.push_back({defect_.terms[j].name, term_unit(defect_.terms[j]), defect_.terms[j].coefficient,
                       std::sqrt(std::max(0.0, var))});
    }
    return out;
}

Eigen::VectorXd FurnaceScrapOutputModel::parameters() const {
    if (defect_.direct) return defect_.direct->parameters();
    Eigen::VectorXd p(static_cast<Eigen::Index>(defect_.terms.size()));
    for (std::size_t j = 0; j < defect_.terms.size(); ++j) p(static_cast<Eigen::Index>(j)) = defect_.terms[j].coefficient;
    return p;
}

void FurnaceScrapOutputModel::set_parameters(const Eigen::VectorXd& p) { write_parameters(p, defect_); }

void FurnaceScrapOutputModel::write_parameters(const Eigen::VectorXd& p, DefectTwin& part) const {
    if (p.size() != parameters().size() || (part.direct == nullptr) != (defect_.direct == nullptr) ||
        part.terms.size() != defect_.terms.size())
        throw std::invalid_argument("scrap model: wrong number of parameters");
    if (defect_.direct) {
        auto copy = defect_.direct->clone();
        copy->set_parameters(p);
        part.direct = std::move(copy);
        return;
    }
    for (std::size_t j = 0; j < part.terms.size(); ++j) part.terms[j].coefficient = p(static_cast<Eigen::Index>(j));
}

void FurnaceScrapOutputModel::simulate(const SignalFrame& frame, std::span<double> out) const {
    const std::size_t n = std::min(out.size(), frame.steps());
    const auto& produced = frame.at(columns_.produced).values;
    if (defect_.direct) {
        // The direct model's frame, as the simulator builds it: the derived residence time
        // and physics core temperature beside the measured signals, the total the parts made.
        SignalFrame direct;
        direct.step_min = frame.step_min;
        direct.time_s = frame.time_s;
        for (const auto& name : defect_.direct->inputs()) {
            FrameSignal s;
            s.name = name;
            if (name == core_proxy_signal_name) {
                const auto& speed = frame.at(defect_.speed_column).values;
                const auto grade = furnace_grade_per_step(frame, defect_.material_column, grade_labels_, frame.steps(), -1);
                s.values = core_temperature_from_physics(frame.at(defect_.furnace_column).values,
                                                         frame.at(defect_.ambient_column).values, speed,
                                                         defect_.proxy_heating.theta_per_row(grade, grade_labels_));
            } else if (is_residence_signal(name)) {
                const auto& speed = frame.at(defect_.speed_column).values;
                s.values.resize(speed.size());
                for (std::size_t k = 0; k < speed.size(); ++k) s.values[k] = residence_signal_value(name, speed[k]);
            } else if (name == defect_.direct->total_signal()) {
                s.values = produced;
            } else {
                s = frame.at(name);
            }
            direct.add(std::move(s));
        }
        defect_.direct->simulate(direct, out.first(n));
        return;
    }
    // logit p = sum of coefficient x input, p the defect probability of a part made in the step.
    std::vector<double> z(n, 0.0);
    const std::vector<int> grade = furnace_grade_per_step(frame, columns_.material, grade_labels_, n, 0);
    for (const auto& t : defect_.terms) {
        const std::vector<double>* x = nullptr;
        switch (t.input) {
            case DefectTwin::Input::intercept:
                for (auto& v : z) v += t.coefficient;
                continue;
            case DefectTwin::Input::grade:
                for (std::size_t k = 0; k < n; ++k)
                    if (grade[k] == t.grade) z[k] += t.coefficient;
                continue;
            case DefectTwin::Input::core:
            case DefectTwin::Input::core_squared: x = &frame.at(core_temperature_signal_name).values; break;
            case DefectTwin::Input::wear: x = &frame.at(columns_.wear).values; break;
            case DefectTwin::Input::speed: x = &frame.at(columns_.speed).values; break;
            case DefectTwin::Input::humidity: x = &frame.at(defect_.humidity_column).values; break;
            case DefectTwin::Input::factor:
                x = &frame.at(defect_.factor_columns[static_cast<std::size_t>(t.factor)]).values;
                break;
        }
        const bool squared = t.input == DefectTwin::Input::core_squared;
        for (std::size_t k = 0; k < n; ++k) z[k] += t.coefficient * (squared ? (*x)[k] * (*x)[k] : (*x)[k]);
    }
    vector_logistic(z.data(), out.data(), n);
    for (std::size_t k = 0; k < n; ++k) out[k] *= produced[k];
}

void FurnaceScrapOutputModel::write_json(nlohmann::json& out) const {
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : defect_.terms)
        terms.push_back({{"name", t.name},
                         {"input", input_name(t.input)},
                         {"grade", t.grade},
                         {"factor", t.factor},
                         {"coefficient", t.coefficient}});
    nlohmann::json d = {{"terms", terms},
                        {"factor_columns", defect_.factor_columns},
                        {"core_optimum_degC", json_number(defect_.core_optimum_degC)},
                        {"core_optimum_std_error_degC", json_number(defect_.core_optimum_std_error_degC)},
                        {"core_temperature_column", defect_.core_temperature_column},
                        {"core_temperature_lag_min", defect_.core_temperature_lag_min},
                        {"furnace_column", defect_.furnace_column},
                        {"speed_column", defect_.speed_column},
                        {"humidity_column", defect_.humidity_column},
                        {"wear_column", defect_.wear_column},
                        {"material_column", defect_.material_column},
                        {"ambient_column", defect_.ambient_column},
                        {"proxy_heating", twinbench::to_json(defect_.proxy_heating)},
                        {"furnace_reading", twinbench::to_json(defect_.furnace_reading)}};
    if (defect_.direct) d["direct"] = defect_.direct->to_json();
    out["scrap"] = d;
    out["grade_labels"] = grade_labels_;
    out["columns"] = twinbench::to_json(columns_);
}

std::unique_ptr<FurnaceScrapOutputModel> FurnaceScrapOutputModel::from_json(const nlohmann::json& json) {
    const auto& d = json.at("scrap");
    DefectTwin defect;
    for (const auto& t : d.at("terms"))
        defect.terms.push_back({t.at("name").get<std::string>(), input_from(t.at("input").get<std::string>()),
                                t.at("grade").get<int>(), t.at("factor").get<int>(), t.at("coefficient").get<double>()});
    defect.factor_columns = d.at("factor_columns").get<std::vector<std::string>>();
    for (const auto& t : defect.terms)
        if (t.factor >= static_cast<int>(defect.factor_columns.size()))
            throw nlohmann::json::other_error::create(501, "a scrap term reads a factor that is not listed", nullptr);
    defect.core_optimum_degC = json_number_at(d, "core_optimum_degC");
    defect.core_optimum_std_error_degC = json_number_at(d, "core_optimum_std_error_degC");
    defect.core_temperature_column = d.value("core_temperature_column", "");
    defect.core_temperature_lag_min = d.value("core_temperature_lag_min", 0.0);
    defect.furnace_column = d.value("furnace_column", "");
    defect.speed_column = d.value("speed_column", "");
    defect.humidity_column = d.value("humidity_column", "");
    defect.wear_column = d.value("wear_column", "");
    defect.material_column = d.value("material_column", "");
    defect.ambient_column = d.value("ambient_column", "");
    if (const auto it = d.find("proxy_heating"); it != d.end() && (*it)["theta_min_per_m"].is_number())
        defect.proxy_heating = part_heating_from_json(*it);
    if (const auto it = d.find("furnace_reading"); it != d.end())
        defect.furnace_reading = furnace_reading_choice_from_json(*it);
    if (const auto it = d.find("direct"); it != d.end()) defect.direct = output_model_from_json(*it);
    defect.available = true;
    auto model = std::make_unique<FurnaceScrapOutputModel>(
        std::move(defect), json.at("grade_labels").get<std::vector<std::string>>(),
        furnace_columns_from_json(json.at("columns")));
    model->read_common_json(json);
    if (!model->defect_.direct && !model->covariance_.isZero(0.0)) model->defect_.covariance = model->covariance_;
    return model;
}

}  // namespace twinbench
