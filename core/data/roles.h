// The role vocabulary of PRODUCT.md section 2: what a column means to the models.
#pragma once

#include <optional>
#include <string_view>

namespace twinbench {

enum class Role {
    none,
    time,
    speed,
    setpoint,
    furnace_temp,
    core_temp_check,
    ambient_temp,
    humidity,
    material,
    produced,
    scrap,
    defect,
    energy,
    state,
    factor,
    // Generic roles (PRODUCT.md section 4): any process, not only the furnace line.
    control,      // set by the engineer: a slider, a profiler column, an optimiser variable
    disturbance,  // measured input nobody sets (ambient, feed quality, batch property)
    output,       // measured signal the twin predicts: continuous, 0/1 or a count
    // A label of the plant's context (lot, operator, shift, maintenance event, product)
    // that the explainer ranks as a candidate cause (PRODUCT.md section 5); not a model input.
    context,
};

inline constexpr Role all_roles[] = {
    Role::none,  Role::time,     Role::speed,    Role::setpoint, Role::furnace_temp,
    Role::core_temp_check,       Role::ambient_temp,           Role::humidity,
    Role::material,              Role::produced, Role::scrap,    Role::defect,
    Role::energy, Role::state,   Role::factor,   Role::control,  Role::disturbance,
    Role::output, Role::context,
};

std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);
// Default unit of the role ("" where unitless).
std::string_view role_default_unit(Role role);
// The furnace roles (all but factor) may be held by at most one column of a dataset; the
// generic roles control, disturbance and output, factor, context and none by any number.
bool role_is_repeatable(Role role);

// Where a role puts its column in the process graph (PRODUCT.md section 4): speed and
// setpoint are controls; ambient, humidity, material and factor disturbances;
// furnace_temp, core_temp_check, energy, scrap, produced and defect outputs. In FMI's
// terms controls and disturbances are inputs, outputs outputs.
enum class SignalKind { none, control, disturbance, output };
SignalKind signal_kind(Role role);
std::string_view signal_kind_name(SignalKind kind);

enum class ColumnType { numeric, categorical, timestamp, boolean };

std::string_view column_type_name(ColumnType type);
std::optional<ColumnType> column_type_from_name(std::string_view name);

}  // namespace twinbench
