#!/usr/bin/python3
"""Reference fits for tests/core/models/test_logistic_regression.cpp.

Fits, with statsmodels' Logit (Newton, tol 1e-12, maxiter 100), on the AI4I 2020 data:
  main:  Machine failure ~ Air temperature [K] + Process temperature [K]
                           + Rotational speed [rpm] + Torque [Nm] + Tool wear [min]
  type:  the same + C(Type), treatment coding, reference level "H" (patsy: alphabetical first)
and writes coefficients, standard errors, log-likelihood and deviance as JSON.

Run from the repository root with Debian's python3-statsmodels (not a pyenv python):
  /usr/bin/python3 tests/data/models/ai4i_logit_reference.py \
      /work/shared/datasets/ai4i2020/ai4i2020.csv > tests/data/models/ai4i_logit_reference.json
"""
import json
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

NUMERIC = [
    ("Air temperature", "Air temperature [K]"),
    ("Process temperature", "Process temperature [K]"),
    ("Rotational speed", "Rotational speed [rpm]"),
    ("Torque", "Torque [Nm]"),
    ("Tool wear", "Tool wear [min]"),
]


def fit(frame, with_type):
    # Design built by hand with twinbench's term names (patsy's own names carry the units).
    x = pd.DataFrame({"(Intercept)": 1.0}, index=frame.index)
    for name, header in NUMERIC:
        x[name] = frame[header].astype(float)
    if with_type:
        levels = sorted(frame["Type"].unique())  # patsy's default: first level is the reference
        for level in levels[1:]:
            x[f"Type[T.{level}]"] = (frame["Type"] == level).astype(float)
    y = frame["Machine failure"].astype(float)
    result = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
    return {
        "formula": "Machine failure ~ Air temperature + Process temperature + Rotational speed + Torque + Tool wear"
        + (" + C(Type)" if with_type else ""),
        "reference_level": levels[0] if with_type else None,
        "terms": list(x.columns),
        "coefficients": [float(v) for v in result.params],
        "std_errors": [float(v) for v in result.bse],
        "log_likelihood": float(result.llf),
        "deviance": float(-2.0 * result.llf),  # 0/1 outcome: saturated log-likelihood is 0
        "null_log_likelihood": float(result.llnull),
        "iterations": int(result.mle_retvals["iterations"]),
        "converged": bool(result.mle_retvals["converged"]),
        "n": int(result.nobs),
    }


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/datasets/ai4i2020/ai4i2020.csv"
    frame = pd.read_csv(path, encoding="utf-8-sig")
    out = {
        "source": "ai4i2020.csv (UCI AI4I 2020 Predictive Maintenance, CC BY 4.0), 10000 rows",
        "method": "statsmodels.api.Logit(y, X).fit(method='newton', tol=1e-12, maxiter=100)",
        "command": "/usr/bin/python3 tests/data/models/ai4i_logit_reference.py "
        "/work/shared/datasets/ai4i2020/ai4i2020.csv > tests/data/models/ai4i_logit_reference.json",
        "statsmodels_version": statsmodels.__version__,
        "numpy_version": np.__version__,
        "pandas_version": pd.__version__,
        "python_version": sys.version.split()[0],
        "main_effects": fit(frame, False),
        "with_type": fit(frame, True),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
