#include "ui/widgets/role_combo_box.h"

#include "ui/app/qt_strings.h"

namespace twinbench::ui {

QString RoleComboBox::describe(twinbench::Role role) {
    using twinbench::Role;
    QString meaning;
    switch (role) {
        case Role::none: return tr("not used by the models");
        case Role::time: meaning = tr("timestamp of the row"); break;
        case Role::speed: meaning = tr("line speed, a control"); break;
        case Role::setpoint: meaning = tr("furnace temperature setpoint, a control"); break;
        case Role::furnace_temp: meaning = tr("measured furnace temperature"); break;
        case Role::core_temp_check: meaning = tr("manual check of part core temperature"); break;
        case Role::ambient_temp: meaning = tr("ambient temperature, a disturbance"); break;
        case Role::humidity: meaning = tr("relative humidity, a disturbance"); break;
        case Role::material: meaning = tr("material grade or batch"); break;
        case Role::produced: meaning = tr("parts produced in the interval"); break;
        case Role::scrap: meaning = tr("defective parts in the interval"); break;
        case Role::defect: meaning = tr("0/1 outcome of one item"); break;
        case Role::energy: meaning = tr("energy used in the interval"); break;
        case Role::state: meaning = tr("running / stopped / maintenance"); break;
        case Role::factor: meaning = tr("other numeric predictor"); break;
        case Role::control: meaning = tr("a setting the engineer can change: a slider and an optimiser variable"); break;
        case Role::disturbance: meaning = tr("a measured input nobody sets (ambient, feed quality)"); break;
        case Role::output: meaning = tr("a measured result the twin predicts and simulates"); break;
        case Role::context: meaning = tr("who, what batch or which event: a cause the Explain page ranks (operator, lot, shift, cleaning)"); break;
    }
    const auto unit = twinbench::role_default_unit(role);
    return unit.empty() ? meaning : meaning + QStringLiteral(" (") + toQString(unit) + QLatin1Char(')');
}

RoleComboBox::RoleComboBox(QWidget* parent) : QComboBox(parent) {
    for (const auto role : twinbench::all_roles) {
        if (role == twinbench::Role::time) continue;
        addItem(toQString(twinbench::role_name(role)), static_cast<int>(role));
        setItemData(count() - 1, describe(role), Qt::ToolTipRole);
    }
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(this, &QComboBox::activated, this, [this] {
        setToolTip(describe(role()));
        emit roleChosen(role());
    });
    setToolTip(describe(role()));
}

twinbench::Role RoleComboBox::role() const { return static_cast<twinbench::Role>(currentData().toInt()); }

void RoleComboBox::setRole(twinbench::Role role) {
    const int index = findData(static_cast<int>(role));
    setCurrentIndex(index >= 0 ? index : 0);
    setToolTip(describe(this->role()));
}

}  // namespace twinbench::ui
