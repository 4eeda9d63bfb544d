#!/usr/bin/python3
"""Independent figures for the explainer (issue 17), from scipy and statsmodels.

Reads planted_seed1.csv and sample_data/ai4i2020/ai4i2020.csv.gz (AI4I 2020: the machine
failures against the other items, Type and the five measurements as candidates). The planted
file is the planted plant of tests/core/explain/planted_plant.h, seed 1:
per row the excursion flag -- scrap above the twin's 95 % band --, the twin's predicted
scrap rate, scrap, produced, the context labels and the signals) and writes
explain_reference.json on stdout:

- "tests": a few 2 x 2 tables with Fisher's exact test (alternative="greater"), the
  one-sided Pearson chi-square (signed root of chi2_contingency without correction),
  Welch's t-test, Benjamini-Hochberg (statsmodels multipletests fdr_bh) and a stratified
  Cochran-Mantel-Haenszel test (statsmodels StratifiedTable.test_null_odds, no correction).
- "planted": every candidate the explainer tests on the file (labels the excursion has
  more of than the reference, >= 5 rows and >= 2 % of the excursion; the two signals),
  with lift, share_explained, Fisher p, BH-adjusted p (over every label seen and both
  signals: the ones screened out count as p = 1), and the Mantel-Haenszel test within
  strata of the predicted rate's deciles and of the exposures of the three strongest other
  candidates (BH p < 0.05, largest signed z, another variable) -- the rules of
  docs/EXPLAIN.md, written again here from their description, not from the C++.

Run:  /usr/bin/python3 make_explain_reference.py > explain_reference.json
(Debian 12 python3-scipy 1.10.1, python3-statsmodels 0.13.5, python3-numpy, python3-pandas.)
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.multitest import multipletests

here = Path(__file__).resolve().parent


def one_sided_chi2(a, b, c, d):
    chi2, _, _, _ = stats.chi2_contingency([[a, b], [c, d]], correction=False)
    sign = 1.0 if a * d - b * c >= 0 else -1.0
    return float(stats.norm.sf(sign * np.sqrt(chi2)))


def fisher_greater(a, b, c, d):
    return float(stats.fisher_exact([[a, b], [c, d]], alternative="greater")[1])


def mh(tables):
    """One-sided CMH p (over-representation), z and pooled OR over 2 x 2 strata."""
    informative = [t for t in tables if t.sum() >= 2 and t.sum(axis=0).min() > 0 and t.sum(axis=1).min() > 0]
    st = StratifiedTable([np.asarray(t, dtype=float) for t in informative])
    res = st.test_null_odds(correction=False)
    # signed z: the sum of a - E[a] has the sign of the association
    dev = sum(t[0, 0] - t[0].sum() * t[:, 0].sum() / t.sum() for t in informative)
    z = np.sign(dev) * np.sqrt(res.statistic)
    return float(stats.norm.sf(z)), float(z), float(st.oddsratio_pooled)


def tests_section():
    tables = [(12, 5, 29, 200), (3, 40, 2, 400), (150, 850, 9000, 90000), (0, 10, 5, 50), (7, 2, 1, 8)]
    out = []
    for a, b, c, d in tables:
        out.append({"table": [a, b, c, d], "fisher_greater": fisher_greater(a, b, c, d),
                    "chi2_greater": one_sided_chi2(a, b, c, d) if min(a + b, c + d, a + c, b + d) > 0 else None})
    strata = [np.array([[10, 20], [15, 60]]), np.array([[4, 30], [2, 70]]), np.array([[8, 8], [10, 30]])]
    p, z, orr = mh(strata)
    rng = np.random.default_rng(17)
    x1 = rng.normal(10.0, 2.0, 40)
    x2 = rng.normal(11.0, 3.0, 60)
    welch = stats.ttest_ind(x1, x2, equal_var=False)
    pvals = [0.01, 0.04, 0.03, 0.2, 0.0001, 0.5, 0.049]
    return {"two_by_two": out,
            "mantel_haenszel": {"strata": [t.ravel().tolist() for t in strata], "p_greater": p, "z": z,
                                "pooled_odds_ratio": orr},
            "welch": {"x1": x1.tolist(), "x2": x2.tolist(), "p_two_sided": float(welch.pvalue)},
            "benjamini_hochberg": {"p": pvals, "adjusted": multipletests(pvals, method="fdr_bh")[1].tolist()}}


def candidates_section(f, e, labels, signals, pred=None, r=None):
    """Every candidate the explainer tests, with its figures (rules of docs/EXPLAIN.md).

    e, r: the excursion's and the reference's rows (r: every other row when None); pred:
    the twin's predicted rate per row (NaN where it has none). Missing labels (NaN or "")
    and signals (NaN) are left out of a candidate's table; in the strata of the other
    candidates they are a third state, and rows without a prediction a stratum of their own.
    """
    if r is None:
        r = ~e
    g = e | r
    cands = []  # (name, variable, exposure array, rows where it is known)
    family = 0  # the multiple-testing family: every label seen and every signal
    for var in labels:
        col = f[var]
        known = (col.notna() & (col.astype(str) != "")).to_numpy()
        vals = col.astype(str).to_numpy()
        seen = sorted(set(vals[known & g]))
        family += len(seen)
        ke, kr = (known & e).sum(), (known & r).sum()
        for level in seen:
            x = known & (vals == level)
            ne, nr = int((x & e).sum()), int((x & r).sum())
            se, sr = ne / ke, nr / kr
            if ne < 5 or se < 0.02 or se <= sr:
                continue
            cands.append({"name": f"{var}={level}", "variable": var, "x": x, "known": known})
    for var in signals:
        family += 1
        v = f[var].to_numpy(dtype=float)
        fin = np.isfinite(v)
        ve, vr = v[e & fin], v[r & fin]
        if len(ve) < 2 or len(vr) < 2:
            continue
        pooled = np.sqrt((((ve - ve.mean()) ** 2).sum() + ((vr - vr.mean()) ** 2).sum()) / (len(ve) + len(vr) - 2))
        if not pooled > 0:
            continue
        d = (ve.mean() - vr.mean()) / pooled
        srt = np.sort(vr)
        q = 0.95 if d >= 0 else 0.05
        thr = srt[int(q * (len(vr) - 1))]
        x = fin & ((v > thr) if d >= 0 else (v < thr))
        cands.append({"name": var, "variable": var, "x": x, "known": fin, "signal": True,
                      "standardized_difference": float(d), "threshold": float(thr),
                      "welch_p": float(stats.ttest_ind(ve, vr, equal_var=False).pvalue)})
    for c in cands:
        x, k = c["x"], c["known"]
        a, b = int((x & e).sum()), int((~x & k & e).sum())
        cc, d = int((x & r).sum()), int((~x & k & r).sum())
        c["table"] = [a, b, cc, d]
        c["excursion_share"] = a / (a + b)
        c["lift"] = (a / (a + b)) / (cc / (cc + d)) if cc > 0 else None
        c["share_explained"] = max(0.0, a / (a + b) - cc / (cc + d))
        c["p_value"] = c["welch_p"] if c.get("signal") else fisher_greater(a, b, cc, d)
        c["z"] = float(np.sqrt(a + b + cc + d) * (a * d - b * cc) / np.sqrt((a + b) * (cc + d) * (a + cc) * (b + d)))
    # BH over the whole family: the labels screened out count as p = 1
    padded = [c["p_value"] for c in cands] + [1.0] * (family - len(cands))
    adjusted = multipletests(padded, method="fdr_bh")[1]
    for c, q in zip(cands, adjusted):
        c["p_value_bh"] = float(q)
    strongest = sorted([c for c in cands if c["p_value_bh"] < 0.05 and c["z"] > 0], key=lambda c: -c["z"])
    if pred is not None:
        # deciles of the predicted rate over the compared rows that have one: cut k = the
        # (k n / 10)-th smallest value, k = 1..9; rows without a prediction: stratum 10
        present = np.sort(pred[g & ~np.isnan(pred)])
        cuts = [present[k * len(present) // 10] for k in range(1, 10)]
        decile = np.searchsorted(cuts, pred, side="right")
        decile[np.isnan(pred)] = 10
    else:
        decile = np.zeros(len(f), dtype=int)
    out = []
    for c in cands:
        others = [o for o in strongest if o["variable"] != c["variable"]][:3]
        key = decile.copy()
        for o in others:
            key = key * 3 + np.where(o["known"], o["x"].astype(int), 2)
        rows = g & c["known"]
        tables = []
        for k in np.unique(key[rows]):
            s = rows & (key == k)
            x = c["x"][s]
            es = e[s]
            tables.append(np.array([[(x & es).sum(), (~x & es).sum()], [(x & ~es).sum(), (~x & ~es).sum()]]))
        p, z, orr = mh(tables)
        c["conditional_p_value"] = p
        c["conditional_odds_ratio"] = orr
        row = {k: c[k] for k in ["name", "table", "lift", "share_explained", "p_value", "p_value_bh"]}
        row.update({"conditioned_on": [o["name"] for o in others], "conditional_p_value": p, "conditional_z": z,
                    "conditional_odds_ratio": orr if np.isfinite(orr) else None})
        for k in ["standardized_difference", "threshold"]:
            if k in c:
                row[k] = c[k]
        out.append(row)
    conditional_bh = multipletests([c["conditional_p_value"] for c in cands] + [1.0] * (family - len(cands)),
                                   method="fdr_bh")[1]
    for c, row, q in zip(cands, out, conditional_bh):
        row["conditional_p_value_bh"] = float(q)
        # the share explained given the others: P(exposed | excursion) (1 - 1 / OR_MH)
        orr = c["conditional_odds_ratio"]
        share = 0.0 if np.isnan(orr) or orr <= 0 else c["excursion_share"] if np.isinf(orr) else max(0.0, c["excursion_share"] * (1 - 1 / orr))
        c["rank_key"] = (not (q < 0.05 and orr > 1 and share >= 0.05), -share, c["p_value"])
    ranked = sorted(range(len(cands)), key=lambda i: cands[i]["rank_key"])
    return {"rows": int(len(f)), "excursion_rows": int(e.sum()), "reference_rows": int(r.sum()), "family_size": family,
            "top_cause": cands[ranked[0]]["name"] if cands else None, "candidates": out}


def planted_section():
    f = pd.read_csv(here / "planted_seed1.csv")
    out = candidates_section(f, f["excursion"].to_numpy() == 1, ["Line", "Lot", "Operator", "Shift"],
                             ["Humidity", "Speed"], f["predicted_rate"].to_numpy())
    out["file"] = "planted_seed1.csv"
    return out


def ai4i_section():
    # AI4I 2020 (sample_data/ai4i2020): the excursion is the machine failures, the reference
    # the other items; no twin (no prediction strata).
    f = pd.read_csv(here / "../../../../sample_data/ai4i2020/ai4i2020.csv.gz", encoding="utf-8-sig")
    signals = ["Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]",
               "Tool wear [min]"]
    out = candidates_section(f, f["Machine failure"].to_numpy() == 1, ["Type"], signals)
    out["file"] = "sample_data/ai4i2020/ai4i2020.csv.gz"
    return out


def furnace_scrap_model(f, num):
    """The furnace template's scrap model fitted again with statsmodels: a binomial GLM of
    scrap out of produced on the core temperature (the soft sensor's, from the file) and its
    square, humidity, wear, speed and the material grade (treatment coding, the batch list
    carried forward), on the first 80 % of the usable rows in time (core/models/defect_model.h).
    Its prediction (produced x p) must be the file's `predicted` column."""
    core, y, n = num("core_estimate"), num("outcome"), num("total")
    hum, wear, speed = num("signal:Relative humidity:input"), num("signal:Conveyor wear:input"), num("signal:Line speed:input")
    grade = f["label:Material grade"].replace("", np.nan).ffill().to_numpy()
    levels = sorted(set(grade[pd.notna(grade)]))
    usable = ~np.isnan(core) & ~np.isnan(y) & ~np.isnan(n) & (n > 0)
    centre = round(core[usable].mean())
    x = np.column_stack([np.ones(len(f)), core - centre, hum, wear, speed, (core - centre) ** 2] +
                        [(grade == lev).astype(float) for lev in levels[1:]])
    rows = usable & ~np.isnan(x).any(axis=1) & pd.notna(grade)
    idx = np.flatnonzero(rows)
    train = idx[: int(np.floor(0.8 * len(idx)))]
    glm = sm.GLM(np.column_stack([y[train], n[train] - y[train]]), x[train], family=sm.families.Binomial()).fit(tol=1e-12)
    b = glm.params
    # the uncentred coefficients, as the twin stores them (logit = b0 + b1 Tc + b2 Tc^2 + ...)
    uncentred = b.copy()
    uncentred[0] = b[0] - b[1] * centre + b[5] * centre ** 2
    uncentred[1] = b[1] - 2 * b[5] * centre
    names = ["(Intercept)", "core_temp", "Relative humidity", "Conveyor wear", "Line speed", "I(core_temp ** 2)"] + \
            [f"Material grade[T.{lev}]" for lev in levels[1:]]
    predicted = n * (1 / (1 + np.exp(-(x @ b))))
    given = num("predicted")
    # the twin predicts every row with the model's inputs and parts produced (scrap itself
    # may be missing there)
    both = ~np.isnan(x).any(axis=1) & pd.notna(grade) & ~np.isnan(n)
    assert (both == ~np.isnan(given)).all(), "the twin predicts other rows than the model can"
    worst = float(np.max(np.abs(predicted[both] - given[both]) / np.maximum(given[both], 1e-3)))
    assert worst < 1e-6, f"the file's prediction differs from statsmodels' by {worst}"
    return {"n_train": int(len(train)), "n_rows": int(len(idx)), "core_centre": centre,
            "coefficients": dict(zip(names, map(float, uncentred))),
            "prediction_max_relative_difference": worst}


def sample_plant_section():
    # The furnace sample plant (twinbench-cli sample, 30 days every 15 minutes, seed 2):
    # scrap above the band of the twin's scrap model. The band is recomputed here from the
    # prediction (Pearson residual of the binomial count > 1.96) and must give the file's rows.
    f = pd.read_csv(here / "sample_plant_seed2.csv", dtype=str, keep_default_na=False)
    num = lambda c: pd.to_numeric(f[c].replace("", np.nan)).to_numpy(dtype=float)
    y, n, mu = num("outcome"), num("total"), num("predicted")
    e, r = f["excursion"].to_numpy() == "1", f["reference"].to_numpy() == "1"
    ok = ~np.isnan(y) & ~np.isnan(mu) & (n > 0)
    p = np.clip(np.where(ok, mu / np.where(n > 0, n, 1), 0.5), 1e-12, 1 - 1e-12)
    above = ok & ((y - mu) / np.sqrt(np.where(ok, n, 1) * p * (1 - p)) > 1.96)
    assert (above == e).all() and ((ok & ~above) == r).all(), "the band rows differ from the file's"
    labels = [c[len("label:"):] for c in f.columns if c.startswith("label:")]
    signals = [c for c in f.columns if c.startswith("signal:")]
    g = pd.DataFrame({lab: f["label:" + lab] for lab in labels})
    names = []
    for c in signals:
        name = c[len("signal:"):]
        name = name[:-len(":input")] if name.endswith(":input") else name
        g[name] = num(c)
        names.append(name)
    rate = np.where(n > 0, mu / np.where(n > 0, n, 1), np.nan)
    out = candidates_section(g, e, labels, names, rate, r)
    # explained_by_process on the rows the twin predicts: (predicted excursion - predicted
    # reference) / (actual excursion - actual reference), rates over parts, clipped to [0, 1]
    w = ok & ~np.isnan(y)
    act = lambda m: y[m & w].sum() / n[m & w].sum()
    pre = lambda m: mu[m & w].sum() / n[m & w].sum()
    out["excursion_rate"] = float(act(e))
    out["reference_rate"] = float(act(r))
    out["predicted_excursion_rate"] = float(pre(e))
    out["predicted_reference_rate"] = float(pre(r))
    out["explained_by_process"] = float(np.clip((pre(e) - pre(r)) / (act(e) - act(r)), 0.0, 1.0))
    out["scrap_model"] = furnace_scrap_model(f, num)
    out["file"] = "sample_plant_seed2.csv"
    return out


def ai4i_failure_model(f, given):
    """The twin's failure model fitted again with statsmodels: a logistic GLM on rotational
    speed, Type (H the reference level), air and process temperature, torque, tool wear and
    its square, on all 10,000 items (the form the time-ordered hold-out judged on the first
    8,000, its coefficients from every item). Its probability per item must be the
    prediction file's."""
    wear = f["Tool wear [min]"].to_numpy(dtype=float)
    x = np.column_stack([np.ones(len(f)), f["Rotational speed [rpm]"], (f["Type"] == "L").astype(float),
                         (f["Type"] == "M").astype(float), f["Air temperature [K]"], f["Process temperature [K]"],
                         f["Torque [Nm]"], wear, wear ** 2])
    y = f["Machine failure"].to_numpy(dtype=float)
    n_train = int(np.floor(0.8 * len(f)))
    glm = sm.GLM(y, x, family=sm.families.Binomial()).fit(tol=1e-12)
    predicted = 1 / (1 + np.exp(-(x @ glm.params)))
    worst = float(np.max(np.abs(predicted - given) / np.maximum(given, 1e-6)))
    assert worst < 1e-6, f"the prediction file differs from statsmodels' by {worst}"
    names = ["(Intercept)", "Rotational speed", "Type=L", "Type=M", "Air temperature", "Process temperature", "Torque",
             "Tool wear", "Tool wear^2"]
    return {"n_train": n_train, "n_fitted": int(len(f)), "coefficients": dict(zip(names, map(float, glm.params))),
            "prediction_max_relative_difference": worst}


def ai4i_twin_section():
    # AI4I 2020 with the twin: `explain --output 'Machine failure'` on the data set imported
    # with the proposed roles and fitted; the twin's failure probability per item (and the
    # rows it predicts) from ai4i_twin_prediction.csv.gz, the candidates from the data set.
    f = pd.read_csv(here / "../../../../sample_data/ai4i2020/ai4i2020.csv.gz", encoding="utf-8-sig")
    p = pd.read_csv(here / "ai4i_twin_prediction.csv.gz")
    e, r = p["excursion"].to_numpy() == 1, p["reference"].to_numpy() == 1
    pred = p["predicted"].to_numpy(dtype=float)
    y = f["Machine failure"].to_numpy(dtype=float)
    # a 0/1 output: the excursion is the failures the twin predicts, the reference the rest
    ok = ~np.isnan(pred)
    assert (e == (ok & (y > 0.5))).all() and (r == (ok & (y <= 0.5))).all()
    g = pd.DataFrame({"Type": f["Type"]})
    signals = []
    for col in ["Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]",
                "Tool wear [min]"]:
        name = col[: col.index(" [")]
        g[name] = f[col]
        signals.append(name)
    out = candidates_section(g, e, ["Type"], signals, pred, r)
    # explained_by_process for a 0/1 output: means on the rows the twin predicts
    out["excursion_mean"] = float(y[e].mean())
    out["predicted_excursion_mean"] = float(pred[e].mean())
    out["predicted_reference_mean"] = float(pred[r].mean())
    out["explained_by_process"] = float(np.clip((pred[e].mean() - pred[r].mean()) / (y[e].mean() - y[r].mean()), 0, 1))
    out["failure_model"] = ai4i_failure_model(f, pred)
    out["file"] = "ai4i_twin_prediction.csv.gz"
    return out


json.dump({"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__,
           "tests": tests_section(), "planted": planted_section(), "ai4i": ai4i_section(),
           "sample_plant": sample_plant_section(), "ai4i_twin": ai4i_twin_section()}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
