#include "data/roles.h"

#include <array>
#include <utility>

namespace twinbench {
namespace {

struct RoleInfo {
    Role role;
    std::string_view name;
    std::string_view unit;
};

constexpr std::array<RoleInfo, 19> role_table{{
    {Role::none, "none", ""},
    {Role::time, "time", ""},
    {Role::speed, "speed", "m/min"},
    {Role::setpoint, "setpoint", "°C"},
    {Role::furnace_temp, "furnace_temp", "°C"},
    {Role::core_temp_check, "core_temp_check", "°C"},
    {Role::ambient_temp, "ambient_temp", "°C"},
    {Role::humidity, "humidity", "%"},
    {Role::material, "material", ""},
    {Role::produced, "produced", "count"},
    {Role::scrap, "scrap", "count"},
    {Role::defect, "defect", ""},
    {Role::energy, "energy", "kWh"},
    {Role::state, "state", ""},
    {Role::factor, "factor", ""},
    {Role::control, "control", ""},
    {Role::disturbance, "disturbance", ""},
    {Role::output, "output", ""},
    {Role::context, "context", ""},
}};

constexpr std::array<std::pair<ColumnType, std::string_view>, 4> type_table{{
    {ColumnType::numeric, "numeric"},
    {ColumnType::categorical, "categorical"},
    {ColumnType::timestamp, "timestamp"},
    {ColumnType::boolean, "boolean"},
}};

}  // namespace

std::string_view role_name(Role role) {
    for (const auto& info : role_table)
        if (info.role == role) return info.name;
    return "none";
}

std::optional<Role> role_from_name(std::string_view name) {
    for (const auto& info : role_table)
        if (info.name == name) return info.role;
    return std::nullopt;
}

std::string_view role_default_unit(Role role) {
    for (const auto& info : role_table)
        if (info.role == role) return info.unit;
    return "";
}

bool role_is_repeatable(Role role) {
    return role == Role::factor || role == Role::none || role == Role::control ||
           role == Role::disturbance || role == Role::output || role == Role::context;
}

SignalKind signal_kind(Role role) {
    switch (role) {
        case Role::speed:
        case Role::setpoint:
        case Role::control:
            return SignalKind::control;
        case Role::ambient_temp:
        case Role::humidity:
        case Role::material:
        case Role::factor:
        case Role::disturbance:
            return SignalKind::disturbance;
        case Role::furnace_temp:
        case Role::core_temp_check:
        case Role::produced:
        case Role::scrap:
        case Role::defect:
        case Role::energy:
        case Role::output:
            return SignalKind::output;
        case Role::none:
        case Role::time:
        case Role::state:
        case Role::context:
            return SignalKind::none;
    }
    return SignalKind::none;
}

std::string_view signal_kind_name(SignalKind kind) {
    switch (kind) {
        case SignalKind::control: return "control";
        case SignalKind::disturbance: return "disturbance";
        case SignalKind::output: return "output";
        case SignalKind::none: break;
    }
    return "none";
}

std::string_view column_type_name(ColumnType type) {
    for (const auto& [t, name] : type_table)
        if (t == type) return name;
    return "numeric";
}

std::optional<ColumnType> column_type_from_name(std::string_view name) {
    for (const auto& [t, n] : type_table)
        if (n == name) return t;
    return std::nullopt;
}

}  // namespace twinbench
