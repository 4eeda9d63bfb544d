#include "models/furnace_response.h"

#include <cmath>

#include "models/furnace_second_order.h"

namespace twinbench {
namespace {

// First order, T[k+1] = a T[k] + (1 - a) u[k]: the one chain of dependent steps in the
// simulation. Four steps at a time, with d = (1 - a) u,
// T[k+4] = a^4 T[k] + (a^3 d[k] + a^2 d[k+1] + a d[k+2] + d[k+3]), so the chain of
// dependent multiply-adds is a quarter as long; the steps in between hang off it.
void first_order_response(double a, double initial_degC, const Eigen::ArrayXd& u,
                          Eigen::ArrayXd& furnace) {
    const double b = 1.0 - a, a2 = a * a, a3 = a2 * a, a4 = a2 * a2;
    const Eigen::Index n = u.size();
    double t = initial_degC;
    Eigen::Index k = 0;
    for (; k + 4 <= n; k += 4) {
        const double d0 = b * u[k], d1 = b * u[k + 1], d2 = b * u[k + 2], d3 = b * u[k + 3];
        furnace[k] = t;
        furnace[k + 1] = a * t + d0;
        furnace[k + 2] = a2 * t + (a * d0 + d1);
        furnace[k + 3] = a3 * t + (a2 * d0 + a * d1 + d2);
        t = a4 * t + (a3 * d0 + a2 * d1 + a * d2 + d3);
    }
    for (; k < n; ++k) {
        furnace[k] = t;
        t = a * t + b * u[k];
    }
}

// Two lags in cascade (core/models/furnace_second_order.h), x the hidden air temperature:
// x[k+1] = u + a1 (x - u), T[k+1] = u + a2 (T - u) + c12 (x - u), from rest (x = T).
void second_order_response(const FurnaceSecondOrderStep& step, double initial_degC,
                           const Eigen::ArrayXd& u, Eigen::ArrayXd& furnace) {
    const double a1 = step.a1(), a2 = step.a2(), c12 = step.c12();
    double x = initial_degC, t = initial_degC;
    for (Eigen::Index k = 0; k < u.size(); ++k) {
        furnace[k] = t;
        const double uk = u[k];
        t = uk + a2 * (t - uk) + c12 * (x - uk);
        x = uk + a1 * (x - uk);
    }
}

}  // namespace

void furnace_response(const FurnaceTwin& f, double step_min, double initial_degC,
                      const Eigen::ArrayXd& steady_state_degC, Eigen::ArrayXd& furnace_degC) {
    furnace_degC.resize(steady_state_degC.size());
    if (!f.second_order()) {
        first_order_response(std::exp(-step_min / f.tau_min), initial_degC, steady_state_degC,
                             furnace_degC);
        return;
    }
    FurnaceSecondOrderModel m;
    m.step_min = step_min;
    m.tau1_min = f.tau_min;
    m.tau2_min = f.tau2_min;
    second_order_response(FurnaceSecondOrderStep(m), initial_degC, steady_state_degC, furnace_degC);
}

}  // namespace twinbench
