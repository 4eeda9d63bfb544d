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
};

inline constexpr Role all_roles[] = {
    Role::none,  Role::time,     Role::speed,    Role::setpoint, Role::furnace_temp,
    Role::core_temp_check,       Role::ambient_temp,           Role::humidity,
    Role::material,              Role::produced, Role::scrap,    Role::defect,
    Role::energy, Role::state,   Role::factor,
};

std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);
// Default unit of the role ("" where unitless).
std::string_view role_default_unit(Role role);
// All roles but factor (and none) may be held by at most one column of a dataset.
bool role_is_repeatable(Role role);

enum class ColumnType { numeric, categorical, timestamp, boolean };

std::string_view column_type_name(ColumnType type);
std::optional<ColumnType> column_type_from_name(std::string_view name);

}  // namespace twinbench
