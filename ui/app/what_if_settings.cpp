#include "ui/app/what_if_settings.h"

#include <cmath>

namespace twinbench::ui {

double WhatIfSettings::value(WhatIfControl control) const {
    switch (control) {
        case WhatIfControl::speed:
            return speed_m_per_min;
        case WhatIfControl::setpoint:
            return setpoint_degC;
        case WhatIfControl::maintenance_interval:
            return maintenance_interval_h;
        case WhatIfControl::check_interval:
            return check_interval_h;
        case WhatIfControl::peak_price:
            return peak_price_per_kwh;
        case WhatIfControl::offpeak_price:
            return offpeak_price_per_kwh;
    }
    return NAN;
}

void WhatIfSettings::setValue(WhatIfControl control, double v) {
    switch (control) {
        case WhatIfControl::speed:
            speed_m_per_min = v;
            return;
        case WhatIfControl::setpoint:
            setpoint_degC = v;
            return;
        case WhatIfControl::maintenance_interval:
            maintenance_interval_h = v;
            return;
        case WhatIfControl::check_interval:
            check_interval_h = v;
            return;
        case WhatIfControl::peak_price:
            peak_price_per_kwh = v;
            return;
        case WhatIfControl::offpeak_price:
            offpeak_price_per_kwh = v;
            return;
    }
}

bool WhatIfSettings::operator==(const WhatIfSettings& o) const {
    const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    return same(speed_m_per_min, o.speed_m_per_min) && same(setpoint_degC, o.setpoint_degC) &&
           same(maintenance_interval_h, o.maintenance_interval_h) &&
           same(check_interval_h, o.check_interval_h) &&
           same(peak_price_per_kwh, o.peak_price_per_kwh) &&
           same(offpeak_price_per_kwh, o.offpeak_price_per_kwh) && material_mix == o.material_mix;
}

}  // namespace twinbench::ui
