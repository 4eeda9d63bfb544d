#!/usr/bin/python3
"""Reference hold-out figures from statsmodels for the three real data sets (issue 14).

Twinbench's model per output must be no worse on the time-ordered hold-out than the plain
statsmodels OLS / Logit fitted here on the same rows, the same split and the same inputs.
The C++ tests read real_data_references.json; this script only regenerates it.

Command (from the repository root, Debian's python, not a pyenv one):
    /usr/bin/python3 tests/data/reference/make_real_data_references.py \
        > tests/data/reference/real_data_references.json

Made on 2026-12-06 with Debian 12 packages (`dpkg -l`):
    python3           3.11.2-1+b1
    python3-statsmodels 0.13.5+dfsg-7
    python3-pandas    1.5.3+dfsg-2
    python3-numpy     1:1.24.2-1+deb12u1
    python3-scipy     1.10.1-2
    (apt-get install python3-statsmodels python3-pandas python3-scipy)

It reads the copies in the repository (sample_data/ and tests/data/real/), never the
network, and has no random element: a re-run gives the same bytes.

Row order is the order Twinbench's importer stores (checked with `twinbench-cli import
--json` and by tests/core/data/test_real_data_references.cpp):
  - gas turbine: gt_2011 .. gt_2015 appended in that order (no time stamps; files of the
    same columns without a time axis keep the order they are given in), each file in file
    order. The 2015 header's `AFDP ` is trimmed to `AFDP`.
  - steel: file order. Each day's `00:00` row comes after that day's 23:45 row; the importer
    reads it as 24:00, i.e. 00:00 of the next day, which keeps the file order strictly
    increasing in time. Time of day here is therefore hour 0 (t = 0 h) for those rows.
  - AI4I: file order, which is UDI 1..10000 (no time stamps).
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy.stats import rankdata

REPO = Path(__file__).resolve().parents[3]
GAS_DIR = REPO / "tests" / "data" / "real" / "gas_turbine_emissions"
GAS_FILES = [f"gt_{year}.csv.gz" for year in range(2011, 2016)]
STEEL_FILE = REPO / "sample_data" / "steel_energy" / "Steel_industry_data.csv.gz"
AI4I_FILE = REPO / "sample_data" / "ai4i2020" / "ai4i2020.csv.gz"

SPLIT_RULE = (
    "rows in Twinbench's import order, rows with a missing value in the model's columns dropped "
    "first; n_train = floor(4 n / 5) in integer arithmetic (the same as floor(0.8 * n) in double "
    "for every n here, which is core/models' train_fraction 0.8); train = rows [0, n_train), "
    "hold-out = rows [n_train, n), n_test = n - n_train"
)

METRIC_DEFINITIONS = {
    "rmse": "sqrt(mean((y - yhat)^2)) over the hold-out rows",
    "mae": "mean(|y - yhat|) over the hold-out rows",
    "bias": "mean(y - yhat) over the hold-out rows (positive: the model predicts too low)",
    "r2_holdout_mean": "1 - SSE / sum((y - mean(y_holdout))^2): 0 = as good as the hold-out's own mean",
    "r2_training_mean": "1 - SSE / sum((y - mean(y_train))^2): 0 = as good as predicting the training mean",
    "log_loss": "-mean(y ln p + (1 - y) ln(1 - p)) over the hold-out rows, natural log",
    "brier": "mean((p - y)^2) over the hold-out rows",
    "auc": "area under the ROC curve on the hold-out, Mann-Whitney form with mid-ranks for ties "
    "(computed in this script with scipy.stats.rankdata, not sklearn)",
    "recent_window_refit": "the same model refitted by OLS on rows [n_train - w, n_train) only, "
    "scored on the same hold-out",
}


def split_sizes(n):
    n_train = (4 * n) // 5
    assert n_train == math.floor(0.8 * n), "integer and double rules disagree"
    return n_train, n - n_train


def floats(values):
    return [float(v) for v in values]


def regression_metrics(y, yhat, train_mean):
    y = np.asarray(y, dtype=float)
    resid = y - np.asarray(yhat, dtype=float)
    sse = float(np.sum(resid**2))
    return {
        "rmse": math.sqrt(sse / len(y)),
        "mae": float(np.mean(np.abs(resid))),
        "bias": float(np.mean(resid)),
        "r2_holdout_mean": 1.0 - sse / float(np.sum((y - y.mean()) ** 2)),
        "r2_training_mean": 1.0 - sse / float(np.sum((y - train_mean) ** 2)),
    }


def ols_reference(x, y, n_train, windows):
    """OLS on the first n_train rows, scored on the rest; plus the training-mean predictor
    and refits on recent windows before the hold-out, as context for a trust verdict."""
    x_train, y_train = x.iloc[:n_train], y.iloc[:n_train]
    x_test, y_test = x.iloc[n_train:], y.iloc[n_train:]
    fit = sm.OLS(y_train, x_train).fit()
    train_mean = float(y_train.mean())
    out = {
        "terms": list(x.columns),
        "coefficients": floats(fit.params),
        "std_errors": floats(fit.bse),
        "train": {
            "r2": float(fit.rsquared),
            "residual_sd": math.sqrt(float(fit.scale)),
            "mean_output": train_mean,
        },
        "holdout": regression_metrics(y_test, fit.predict(x_test), train_mean),
        "holdout_mean_output": float(y_test.mean()),
        "baseline_training_mean": regression_metrics(y_test, np.full(len(y_test), train_mean), train_mean),
    }
    refits = []
    for w in windows:
        xw, yw = x.iloc[n_train - w : n_train], y.iloc[n_train - w : n_train]
        refit = sm.OLS(yw, xw).fit()
        refits.append(
            {
                "window_rows": int(w),
                "rows": [int(n_train - w), int(n_train)],
                "coefficients": floats(refit.params),
                "holdout": regression_metrics(y_test, refit.predict(x_test), train_mean),
            }
        )
    if refits:
        out["recent_window_refit"] = refits
    return out


def treatment_columns(frame, column, name=None):
    """Treatment (dummy) coding with the alphabetically first level as reference, as patsy's
    C(...) does, named `Column[T.level]` as Twinbench's design matrix names them."""
    levels = sorted(frame[column].unique())
    name = name or column
    cols = pd.DataFrame(index=frame.index)
    for level in levels[1:]:
        cols[f"{name}[T.{level}]"] = (frame[column] == level).astype(float)
    return cols, levels


def row_check(frame, index, columns):
    """One row's values in plain JSON types, so the C++ test can find it by import order."""
    def plain(value):
        return value.item() if isinstance(value, np.generic) else value

    return {"row": int(index), **{c: plain(frame[c].iloc[index]) for c in columns}}


def gas_turbine():
    parts = []
    file_rows = []
    for name in GAS_FILES:
        part = pd.read_csv(GAS_DIR / name)
        part.columns = [c.strip() for c in part.columns]
        file_rows.append({"file": name, "rows": len(part)})
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    inputs = ["TEY", "AT", "AP", "AH", "AFDP"]
    outputs = ["NOX", "CO"]
    used = inputs + outputs
    n_raw = len(frame)
    frame = frame.dropna(subset=used).reset_index(drop=True)
    n = len(frame)
    n_train, n_test = split_sizes(n)
    # First rows of each year in import order, to say which years the split cuts.
    starts = np.cumsum([0] + [f["rows"] for f in file_rows])
    for f, start in zip(file_rows, starts[:-1]):
        f["first_row"] = row_check(frame, int(start), ["TEY", "NOX", "CO"])
    x = pd.concat([pd.DataFrame({"(Intercept)": 1.0}, index=frame.index), frame[inputs].astype(float)], axis=1)
    # Recent windows: the last year (about n_test rows: the files hold 7,152-7,628 hourly
    # rows a year) and the last two years before the hold-out.
    windows = [n_test, 2 * n_test]
    dataset = {
        "files": [f"tests/data/real/gas_turbine_emissions/{name}" for name in GAS_FILES],
        "import": "twinbench-cli import P.twin tests/data/real/gas_turbine_emissions/gt_2011.csv.gz ... gt_2015.csv.gz "
        "(in year order)",
        "time_zone": None,
        "row_order": "files appended in year order 2011..2015, each in file order; no time stamps, the row index is the time axis",
        "file_rows": file_rows,
        "n_rows_imported": n_raw,
        "n_dropped_missing": n_raw - n,
        "n": n,
        "n_train": n_train,
        "n_test": n_test,
        "holdout_first_row": row_check(frame, n_train, used),
        "holdout_last_row": row_check(frame, n - 1, used),
        "last_training_row": row_check(frame, n_train - 1, used),
    }
    models = []
    for output in outputs:
        model = {
            "id": f"gas_turbine_emissions/{output}",
            "dataset": "gas_turbine_emissions",
            "output": output,
            "family": "OLS",
            "formula": f"{output} ~ TEY + AT + AP + AH + AFDP",
            "inputs": inputs,
            "roles": {"control": ["TEY"], "disturbance": ["AT", "AP", "AH", "AFDP"], "output": [output]},
            "n_train": n_train,
            "n_test": n_test,
        }
        model.update(ols_reference(x, frame[output].astype(float), n_train, windows))
        models.append(model)
    return dataset, models


def steel():
    frame = pd.read_csv(STEEL_FILE, dtype={"date": str})
    n_raw = len(frame)
    clock = frame["date"].str.slice(11, 16)
    hour = clock.str.slice(0, 2).astype(int)
    minute = clock.str.slice(3, 5).astype(int)
    local = pd.to_datetime(frame["date"], format="%d/%m/%Y %H:%M")
    end_of_day = (hour == 0) & (minute == 0)
    # 00:00 rows close the day they are dated: 24:00 = 00:00 of the next day, as the importer.
    local = local + pd.to_timedelta(end_of_day.astype(int), unit="D")
    assert (local.diff().iloc[1:] == pd.Timedelta(minutes=15)).all(), "file order is not 15-minute steps"
    # Asia/Seoul had no daylight saving time in 2018: UTC = local - 9 h.
    frame["time_utc_s"] = ((local - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)) - 9 * 3600
    frame["hour"] = hour
    frame["t_h"] = hour + minute / 60.0
    used = ["Usage_kWh", "Load_Type", "WeekStatus", "date"]
    frame = frame.dropna(subset=used).reset_index(drop=True)
    n = len(frame)
    n_train, n_test = split_sizes(n)
    base = pd.DataFrame({"(Intercept)": 1.0}, index=frame.index)
    load, load_levels = treatment_columns(frame, "Load_Type")
    week, week_levels = treatment_columns(frame, "WeekStatus")
    hours, _ = treatment_columns(frame, "hour")
    fourier = pd.DataFrame(index=frame.index)
    for k in (1, 2, 3):
        angle = 2.0 * math.pi * k * frame["t_h"] / 24.0
        fourier[f"sin{k}"] = np.sin(angle)
        fourier[f"cos{k}"] = np.cos(angle)
    y = frame["Usage_kWh"].astype(float)
    check_columns = ["date", "time_utc_s", "Usage_kWh", "Load_Type", "WeekStatus"]
    dataset = {
        "files": ["sample_data/steel_energy/Steel_industry_data.csv.gz"],
        "import": "twinbench-cli import P.twin sample_data/steel_energy/Steel_industry_data.csv.gz --timezone Asia/Seoul",
        "time_zone": "Asia/Seoul",
        "row_order": "file order; each day's 00:00 row (after its 23:45 row, same date) is 24:00 = 00:00 of the next "
        "day, so the time axis rises by 900 s every row",
        "time_of_day": "local time as written (Asia/Seoul, no DST in 2018); the 00:00 end-of-day rows are hour 0 / t = 0 h "
        "(00:00 of the next day, as the importer stores them); WeekStatus and Load_Type are used as written, so such a "
        "row keeps the WeekStatus of the day it is dated",
        "n_rows_imported": n_raw,
        "n_dropped_missing": n_raw - n,
        "n": n,
        "n_train": n_train,
        "n_test": n_test,
        "holdout_first_row": row_check(frame, n_train, check_columns),
        "holdout_last_row": row_check(frame, n - 1, check_columns),
        "last_training_row": row_check(frame, n_train - 1, check_columns),
    }
    variants = [
        (
            "hour",
            "Usage_kWh ~ C(Load_Type) + C(WeekStatus) + C(hour)",
            "hour = HH of the local time, 0..23 (24 levels, reference 0)",
            pd.concat([base, load, week, hours], axis=1),
        ),
        (
            "fourier3",
            "Usage_kWh ~ C(Load_Type) + C(WeekStatus) + sum_{k=1..3} [sin(2 pi k t/24) + cos(2 pi k t/24)]",
            "t = hours since local midnight, HH + MM/60 (0, 0.25, ..., 23.75)",
            pd.concat([base, load, week, fourier], axis=1),
        ),
    ]
    models = []
    for key, formula, time_note, x in variants:
        model = {
            "id": f"steel_energy/Usage_kWh/{key}",
            "dataset": "steel_energy",
            "output": "Usage_kWh",
            "family": "OLS",
            "formula": formula,
            "inputs": ["Load_Type", "WeekStatus"],  # plus the time of day, from the time axis
            "time_of_day": time_note,
            "reference_levels": {"Load_Type": load_levels[0], "WeekStatus": week_levels[0]},
            "n_train": n_train,
            "n_test": n_test,
        }
        model.update(ols_reference(x, y, n_train, []))
        models.append(model)
    return dataset, models


def auc(y, p):
    y = np.asarray(y, dtype=bool)
    ranks = rankdata(p)  # mid-ranks for ties
    n1, n0 = int(y.sum()), int((~y).sum())
    return (float(ranks[y].sum()) - n1 * (n1 + 1) / 2.0) / (n1 * n0)


def probability_metrics(y, p):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    return {
        "log_loss": float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p))),
        "brier": float(np.mean((p - y) ** 2)),
        "auc": auc(y, p) if 0 < y.sum() < len(y) else None,
    }


def ai4i():
    frame = pd.read_csv(AI4I_FILE, encoding="utf-8-sig")
    # The importer splits the unit off the header: `Air temperature [K]` -> `Air temperature`.
    frame.columns = [c.split(" [")[0] for c in frame.columns]
    n_raw = len(frame)
    assert (frame["UDI"].to_numpy() == np.arange(1, n_raw + 1)).all(), "file order is not UDI order"
    numeric = ["Air temperature", "Process temperature", "Rotational speed", "Torque", "Tool wear"]
    used = numeric + ["Type", "Machine failure"]
    frame = frame.dropna(subset=used).reset_index(drop=True)
    n = len(frame)
    n_train, n_test = split_sizes(n)
    types, type_levels = treatment_columns(frame, "Type")
    x = pd.concat([pd.DataFrame({"(Intercept)": 1.0}, index=frame.index), frame[numeric].astype(float), types], axis=1)
    y = frame["Machine failure"].astype(float)
    x_train, y_train, x_test, y_test = x.iloc[:n_train], y.iloc[:n_train], x.iloc[n_train:], y.iloc[n_train:]
    # Same solver settings as tests/data/models/ai4i_logit_reference.py (full-data fit).
    fit = sm.Logit(y_train, x_train).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
    p_test = fit.predict(x_test)
    base_rate = float(y_train.mean())
    check_columns = ["UDI", "Machine failure", "Type", "Torque"]
    dataset = {
        "files": ["sample_data/ai4i2020/ai4i2020.csv.gz"],
        "import": "twinbench-cli import P.twin sample_data/ai4i2020/ai4i2020.csv.gz",
        "time_zone": None,
        "row_order": "file order = UDI 1..10000 (no time stamps)",
        "n_rows_imported": n_raw,
        "n_dropped_missing": n_raw - n,
        "n": n,
        "n_train": n_train,
        "n_test": n_test,
        "holdout_first_row": row_check(frame, n_train, check_columns),
        "holdout_last_row": row_check(frame, n - 1, check_columns),
        "last_training_row": row_check(frame, n_train - 1, check_columns),
    }
    model = {
        "id": "ai4i2020/Machine failure",
        "dataset": "ai4i2020",
        "output": "Machine failure",
        "family": "Logit",
        "formula": "Machine failure ~ C(Type) + Air temperature + Process temperature + Rotational speed + Torque + Tool wear",
        "inputs": ["Type"] + numeric,
        "method": "statsmodels.api.Logit(y, X).fit(method='newton', tol=1e-12, maxiter=100)",
        "reference_levels": {"Type": type_levels[0]},
        "n_train": n_train,
        "n_test": n_test,
        "terms": list(x.columns),
        "coefficients": floats(fit.params),
        "std_errors": floats(fit.bse),
        "train": {
            "log_likelihood": float(fit.llf),
            "null_log_likelihood": float(fit.llnull),
            "failures": int(y_train.sum()),
            "failure_rate": base_rate,
            "converged": bool(fit.mle_retvals["converged"]),
            "iterations": int(fit.mle_retvals["iterations"]),
        },
        "holdout": probability_metrics(y_test, p_test),
        "holdout_failures": int(y_test.sum()),
        "baseline_training_rate": probability_metrics(y_test, np.full(len(y_test), base_rate)),
    }
    return dataset, [model]


def main():
    datasets, models = {}, []
    for name, build in (("gas_turbine_emissions", gas_turbine), ("steel_energy", steel), ("ai4i2020", ai4i)):
        dataset, dataset_models = build()
        datasets[name] = dataset
        models.extend(dataset_models)
    out = {
        "what": "statsmodels reference fits on a time-ordered hold-out (last 20 % of the rows) for issue 14",
        "command": "/usr/bin/python3 tests/data/reference/make_real_data_references.py "
        "> tests/data/reference/real_data_references.json",
        "versions": {
            "python": sys.version.split()[0],
            "statsmodels": statsmodels.__version__,
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "split_rule": SPLIT_RULE,
        "metric_definitions": METRIC_DEFINITIONS,
        "datasets": datasets,
        "models": models,
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
