#include "live/training_faults.h"

#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "common/error.h"
#include "sim/process_graph.h"

namespace twinbench {
namespace {

constexpr const char* forms =
    "give KIND:SIGNAL@MINUTES: stuck:NAME@30, drift:NAME=+6@30 (units per hour), step:NAME=+4@30 "
    "or "
    "step:NAME=LEVEL@30, unseen-step:NAME=+4@30, frozen:NAME@30, trip:NAME=25@30";

struct KindName {
    FaultKind kind;
    std::string_view name;
    std::string_view words;
};
constexpr KindName kinds[] = {
    {FaultKind::stuck, "stuck", "stuck sensor"},
    {FaultKind::drift, "drift", "sensor drift"},
    {FaultKind::step, "step", "disturbance step"},
    {FaultKind::unseen_step, "unseen-step", "disturbance step the instrument does not show"},
    {FaultKind::frozen, "frozen", "control not responding"},
    {FaultKind::trip, "trip", "trip (control falls on its own)"},
};

std::optional<double> number(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

}  // namespace

std::string_view fault_kind_name(FaultKind kind) {
    for (const auto& k : kinds)
        if (k.kind == kind) return k.name;
    return "?";
}

std::string_view fault_kind_words(FaultKind kind) {
    for (const auto& k : kinds)
        if (k.kind == kind) return k.words;
    return "?";
}

bool TrainingFault::moves_the_process() const {
    return kind == FaultKind::step || kind == FaultKind::unseen_step || kind == FaultKind::frozen ||
           kind == FaultKind::trip;
}

bool TrainingFault::changes_the_reading() const {
    return kind == FaultKind::stuck || kind == FaultKind::drift || kind == FaultKind::unseen_step;
}

std::string describe(const TrainingFault& f) {
    std::string what;
    switch (f.kind) {
        case FaultKind::drift:
            what = fmt::format(" drifting {:+g} per hour", f.value);
            break;
        case FaultKind::step:
        case FaultKind::unseen_step:
            what =
                f.level.empty() ? fmt::format(" {:+g}", f.value) : fmt::format(" to {}", f.level);
            break;
        case FaultKind::trip:
            what = fmt::format(" falling to {:g}", f.value);
            break;
        default:
            break;
    }
    return fmt::format("{}: {}{} at {:g} min", fault_kind_words(f.kind), f.signal, what, f.at_min);
}

TrainingFault parse_training_fault(const std::string& text) {
    const auto colon = text.find(':');
    const auto at = text.rfind('@');
    if (colon == std::string::npos || at == std::string::npos || at < colon)
        throw UsageError(fmt::format("--fault '{}': {}", text, forms));
    TrainingFault f;
    const std::string kind = text.substr(0, colon);
    bool known = false;
    for (const auto& k : kinds)
        if (k.name == kind) {
            f.kind = k.kind;
            known = true;
        }
    if (!known)
        throw UsageError(
            fmt::format("--fault '{}': '{}' is no kind of fault; {}", text, kind, forms));
    const auto minutes = number(std::string_view(text).substr(at + 1));
    if (!minutes || *minutes < 0.0)
        throw UsageError(fmt::format("--fault '{}': the minute after '@' must be a number >= 0; {}",
                                     text, forms));
    f.at_min = *minutes;
    std::string body = text.substr(colon + 1, at - colon - 1);
    const bool wants_value = f.kind == FaultKind::drift || f.kind == FaultKind::step ||
                             f.kind == FaultKind::unseen_step || f.kind == FaultKind::trip;
    const auto eq = body.rfind('=');
    if (wants_value != (eq != std::string::npos))
        throw UsageError(fmt::format("--fault '{}': {} {}; {}", text, kind,
                                     wants_value ? "needs =VALUE" : "takes no =VALUE", forms));
    if (eq != std::string::npos) {
        const std::string value = body.substr(eq + 1);
        body.resize(eq);
        if (const auto v = number(value))
            f.value = *v;
        else if (f.kind == FaultKind::step || f.kind == FaultKind::unseen_step)
            f.level = value;
        else
            throw UsageError(
                fmt::format("--fault '{}': '{}' is not a number; {}", text, value, forms));
    }
    if (body.empty())
        throw UsageError(fmt::format("--fault '{}': no signal named; {}", text, forms));
    f.signal = body;
    return f;
}

void check_training_fault(const TrainingFault& f, const ProcessGraph& graph, double session_min) {
    const GraphSignal* s = graph.find(f.signal);
    if (s == nullptr)
        throw UsageError(
            fmt::format("fault '{}': '{}' is no signal of the twin", describe(f), f.signal));
    const bool categorical = s->type == ColumnType::categorical;
    switch (f.kind) {
        case FaultKind::stuck:
        case FaultKind::drift:
            if (categorical)
                throw UsageError(
                    fmt::format("fault '{}': '{}' is categorical; a reading that sticks or drifts "
                                "needs a numeric signal",
                                describe(f), f.signal));
            break;
        case FaultKind::step:
        case FaultKind::unseen_step:
            if (s->kind != SignalKind::disturbance)
                throw UsageError(
                    fmt::format("fault '{}': '{}' is no disturbance; a step goes on a disturbance "
                                "(the disturbances are the measured inputs nobody sets)",
                                describe(f), f.signal));
            if (categorical == f.level.empty())
                throw UsageError(fmt::format("fault '{}': '{}' is {}; give {}", describe(f),
                                             f.signal, categorical ? "categorical" : "numeric",
                                             categorical
                                                 ? "the level it steps to (step:NAME=LEVEL@MIN)"
                                                 : "the change (step:NAME=+DELTA@MIN)"));
            break;
        case FaultKind::frozen:
        case FaultKind::trip:
            if (s->kind != SignalKind::control || categorical)
                throw UsageError(
                    fmt::format("fault '{}': '{}' is no numeric control; frozen and trip act on a "
                                "control the trainee sets",
                                describe(f), f.signal));
            break;
    }
    if (f.at_min >= session_min)
        throw UsageError(fmt::format("fault '{}': the session lasts {:g} min; inject it earlier",
                                     describe(f), session_min));
}

nlohmann::json to_json(const TrainingFault& f) {
    nlohmann::json j{{"kind", fault_kind_name(f.kind)},
                     {"signal", f.signal},
                     {"at_min", f.at_min},
                     {"description", describe(f)}};
    if (std::isfinite(f.value)) j["value"] = f.value;
    if (!f.level.empty()) j["level"] = f.level;
    return j;
}

}  // namespace twinbench
