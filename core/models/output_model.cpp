#include "models/output_model.h"

#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "common/error.h"
#include "common/json_number.h"
#include "common/time_format.h"
#include "data/timestamp_parser.h"
#include "models/dynamic_output_model.h"
#include "models/furnace_output_models.h"
#include "models/model_json.h"
#include "models/static_output_model.h"

namespace twinbench {
namespace {

Eigen::MatrixXd matrix_from(const nlohmann::json& j) {
    const auto rows = static_cast<Eigen::Index>(j.size());
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(rows, rows);
    for (Eigen::Index r = 0; r < rows; ++r) {
        const auto& row = j.at(static_cast<std::size_t>(r));
        if (static_cast<Eigen::Index>(row.size()) != rows)
            throw nlohmann::json::other_error::create(501, "covariance is not square", nullptr);
        for (Eigen::Index c = 0; c < rows; ++c) {
            const auto& v = row.at(static_cast<std::size_t>(c));
            m(r, c) = v.is_number() ? v.get<double>() : 0.0;
        }
    }
    return m;
}

nlohmann::json metrics_json(const HoldoutMetrics& m) {
    nlohmann::json j;
    if (m.continuous()) {
        j = {{"rmse", json_number(m.rmse)},   {"mae", json_number(m.mae)},         {"r2", json_number(m.r2)},
             {"bias", json_number(m.bias)},   {"mean_rmse", json_number(m.mean_rmse)}};
    } else {
        j = {{"log_loss", json_number(m.log_loss)},
             {"brier", json_number(m.brier)},
             {"auc", json_number(m.auc)},
             {"base_rate_log_loss", json_number(m.base_rate_log_loss)},
             {"predicted_rate", json_number(m.predicted_rate)},
             {"observed_rate", json_number(m.observed_rate)}};
    }
    return j;
}

HoldoutMetrics metrics_from(const nlohmann::json& j, std::size_t n_train, std::size_t n_test) {
    HoldoutMetrics m;
    m.n_train = n_train;
    m.n_test = n_test;
    m.rmse = json_number_at(j, "rmse");
    m.mae = json_number_at(j, "mae");
    m.r2 = json_number_at(j, "r2");
    m.bias = json_number_at(j, "bias");
    m.mean_rmse = json_number_at(j, "mean_rmse");
    m.log_loss = json_number_at(j, "log_loss");
    m.brier = json_number_at(j, "brier");
    m.auc = json_number_at(j, "auc");
    m.base_rate_log_loss = json_number_at(j, "base_rate_log_loss");
    m.predicted_rate = json_number_at(j, "predicted_rate");
    m.observed_rate = json_number_at(j, "observed_rate");
    return m;
}

std::optional<OutputKind> output_kind_from(const std::string& name) {
    for (const auto k : {OutputKind::continuous, OutputKind::binary, OutputKind::count})
        if (output_kind_name(k) == name) return k;
    return std::nullopt;
}

}  // namespace

std::string_view output_kind_name(OutputKind kind) {
    switch (kind) {
        case OutputKind::continuous: return "continuous";
        case OutputKind::binary: return "binary";
        case OutputKind::count: return "count";
    }
    return "continuous";
}

void OutputModel::factor_covariance() {
    draw_factor_.resize(0, 0);
    if (covariance_.rows() == 0 || covariance_.rows() != covariance_.cols()) return;
    // Cholesky where the covariance is positive definite; a semi-definite one (a dropped
    // collinear column, an exact parameter) through its eigen-decomposition.
    const Eigen::LLT<Eigen::MatrixXd> llt(covariance_);
    if (llt.info() == Eigen::Success) {
        draw_factor_ = llt.matrixL();
        return;
    }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(covariance_);
    draw_factor_ = eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

std::unique_ptr<OutputModel> OutputModel::renamed(std::string output) const {
    auto copy = clone();
    copy->output_ = std::move(output);
    return copy;
}

std::optional<Eigen::VectorXd> OutputModel::drawn_parameters(std::mt19937_64& rng) const {
    Eigen::VectorXd drawn = parameters();
    const Eigen::Index p = drawn.size();
    if (draw_factor_.rows() != p || p == 0) return std::nullopt;
    std::normal_distribution<double> normal(0.0, 1.0);
    Eigen::VectorXd z(p);
    for (Eigen::Index i = 0; i < p; ++i) z(i) = normal(rng);
    drawn += draw_factor_ * z;
    return drawn;
}

std::unique_ptr<OutputModel> OutputModel::draw(std::mt19937_64& rng) const {
    auto copy = clone();
    if (auto drawn = drawn_parameters(rng)) copy->set_parameters(*drawn);
    return copy;
}

nlohmann::json OutputModel::to_json() const {
    nlohmann::json j;
    j["kind"] = kind();
    j["output"] = output_;
    j["unit"] = unit_;
    j["output_kind"] = output_kind_name(output_kind_);
    if (!total_signal_.empty()) j["total"] = total_signal_;
    j["inputs"] = inputs();
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : this->terms())
        terms.push_back(
            {{"name", t.name}, {"unit", t.unit}, {"estimate", json_number(t.estimate)}, {"std_error", json_number(t.std_error)}});
    j["terms"] = terms;
    j["metrics"] = metrics_json(report_->metrics);
    j["n_train"] = report_->metrics.n_train;
    j["n_test"] = report_->metrics.n_test;
    j["trust"] = twinbench::to_json(report_->trust);
    j["form_reason"] = report_->form_reason;
    j["candidates"] = twinbench::to_json(report_->candidates);
    j["warnings"] = report_->warnings;
    nlohmann::json envelope = nlohmann::json::array();
    for (const auto& e : report_->envelope)
        envelope.push_back(
            {{"input", e.input}, {"column", e.column}, {"unit", e.unit}, {"min", json_number(e.min)}, {"max", json_number(e.max)}});
    j["envelope"] = envelope;
    j["diagnostics"] = diagnostics_json(report_->diagnostics);
    if (std::isfinite(report_->split_s))
        j["time_range"] = {{"start", format_utc_iso(report_->train_start_s)},
                           {"split", format_utc_iso(report_->split_s)},
                           {"end", format_utc_iso(report_->test_end_s)}};
    j["covariance"] = matrix_json(covariance_);
    j["noise"] = {{"sd", json_number(noise_sd_)}, {"ar1", json_number(noise_ar1_)}};
    if (never_negative_) j["never_negative"] = true;
    write_json(j);
    return j;
}

void OutputModel::read_common_json(const nlohmann::json& json) {
    output_ = json.at("output").get<std::string>();
    unit_ = json.value("unit", "");
    const auto kind = output_kind_from(json.value("output_kind", "continuous"));
    if (!kind) throw nlohmann::json::other_error::create(501, "unknown output_kind", nullptr);
    output_kind_ = *kind;
    total_signal_ = json.value("total", "");
    covariance_ = matrix_from(json.at("covariance"));
    if (covariance_.rows() != parameters().size())
        throw nlohmann::json::other_error::create(501, "covariance does not match the parameters", nullptr);
    factor_covariance();
    const auto& noise = json.value("noise", nlohmann::json::object());
    noise_sd_ = json_number_at(noise, "sd");
    noise_ar1_ = json_number_at(noise, "ar1");
    if (!std::isfinite(noise_sd_)) noise_sd_ = 0.0;
    if (!std::isfinite(noise_ar1_)) noise_ar1_ = 0.0;
    never_negative_ = output_kind_ == OutputKind::continuous && json.value("never_negative", false);
    report_->metrics = metrics_from(json.value("metrics", nlohmann::json::object()), json.value("n_train", std::size_t{0}),
                                   json.value("n_test", std::size_t{0}));
    report_->trust = trust_from_json(json.value("trust", nlohmann::json::object()));
    report_->form_reason = json.value("form_reason", "");
    if (const auto range = json.find("time_range"); range != json.end() && range->is_object()) {
        // Written by format_utc_iso; read by the importer's ISO 8601 parser (UTC only).
        const auto instant = [&](const char* key) {
            const auto it = range->find(key);
            const auto parsed = it != range->end() && it->is_string()
                                    ? parse_timestamp(it->get<std::string>(), TimestampFormat::iso8601)
                                    : std::nullopt;
            return parsed && parsed->has_offset ? parsed->seconds : std::numeric_limits<double>::quiet_NaN();
        };
        report_->train_start_s = instant("start");
        report_->split_s = instant("split");
        report_->test_end_s = instant("end");
    }
    report_->candidates = form_candidates_from_json(json.value("candidates", nlohmann::json::array()));
    report_->warnings = json.value("warnings", std::vector<std::string>{});
    for (const auto& e : json.value("envelope", nlohmann::json::array()))
        report_->envelope.push_back({e.value("input", ""), e.value("column", ""), e.value("unit", ""),
                                    json_number_at(e, "min"), json_number_at(e, "max")});
    report_->diagnostics = diagnostics_from_json(json.value("diagnostics", nlohmann::json::object()));
}

std::unique_ptr<OutputModel> output_model_from_json(const nlohmann::json& json) {
    const std::string output = json.is_object() ? json.value("output", std::string("?")) : std::string("?");
    try {
        const std::string kind = json.at("kind").get<std::string>();
        if (kind == "static_regression" || kind == "logistic" || kind == "binomial")
            return StaticOutputModel::from_json(json);
        if (kind == "dynamic") return DynamicOutputModel::from_json(json);
        if (kind == "furnace_temperature") return FurnaceTemperatureOutputModel::from_json(json);
        if (kind == "core_temperature_soft_sensor") return CoreTemperatureOutputModel::from_json(json);
        if (kind == "furnace_scrap") return FurnaceScrapOutputModel::from_json(json);
        if (kind == "furnace_energy") return FurnaceEnergyOutputModel::from_json(json);
        if (kind == "furnace_throughput") return FurnaceThroughputOutputModel::from_json(json);
        throw ProjectError(fmt::format("project file: the stored model of '{}' has the unknown kind '{}' (made by a "
                                       "newer Twinbench?); refit the models with twinbench-cli fit",
                                       output, kind));
    } catch (const nlohmann::json::exception& e) {
        throw ProjectError(fmt::format("project file: the stored model of '{}' is damaged ({}); refit the models with "
                                       "twinbench-cli fit",
                                       output, e.what()));
    }
}

}  // namespace twinbench
