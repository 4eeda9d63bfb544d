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


def candidates_section(f, e, labels, signals, pred=None):
    """Every candidate the explainer tests, with its figures (rules of docs/EXPLAIN.md)."""
    r = ~e
    cands = []  # (name, variable, exposure array)
    family = len(signals)  # the multiple-testing family: every label seen and every signal
    for var in labels:
        col = f[var].astype(str).to_numpy()
        family += len(set(col))
        for level in sorted(set(col)):
            x = col == level
            ne, nr = int((x & e).sum()), int((x & r).sum())
            se, sr = ne / e.sum(), nr / r.sum()
            if ne < 5 or se < 0.02 or se <= sr:
                continue
            cands.append({"name": f"{var}={level}", "variable": var, "x": x})
    for var in signals:
        v = f[var].to_numpy(dtype=float)
        ve, vr = v[e], v[r]
        pooled = np.sqrt((((ve - ve.mean()) ** 2).sum() + ((vr - vr.mean()) ** 2).sum()) / (len(ve) + len(vr) - 2))
        d = (ve.mean() - vr.mean()) / pooled
        srt = np.sort(vr)
        q = 0.95 if d >= 0 else 0.05
        thr = srt[int(q * (len(vr) - 1))]
        x = v > thr if d >= 0 else v < thr
        cands.append({"name": var, "variable": var, "x": x, "signal": True,
                      "standardized_difference": float(d), "threshold": float(thr),
                      "welch_p": float(stats.ttest_ind(ve, vr, equal_var=False).pvalue)})
    for c in cands:
        x = c["x"]
        a, b, cc, d = int((x & e).sum()), int((~x & e).sum()), int((x & r).sum()), int((~x & r).sum())
        c["table"] = [a, b, cc, d]
        c["lift"] = (a / (a + b)) / (cc / (cc + d)) if cc > 0 else None
        c["share_explained"] = max(0.0, a / (a + b) - cc / (cc + d))
        c["p_value"] = c["welch_p"] if c.get("signal") else fisher_greater(a, b, cc, d)
        c["z"] = float(np.sqrt(len(x)) * (a * d - b * cc) / np.sqrt((a + b) * (cc + d) * (a + cc) * (b + d)))
    # BH over the whole family: the labels screened out count as p = 1
    padded = [c["p_value"] for c in cands] + [1.0] * (family - len(cands))
    adjusted = multipletests(padded, method="fdr_bh")[1]
    for c, q in zip(cands, adjusted):
        c["p_value_bh"] = float(q)
    strongest = sorted([c for c in cands if c["p_value_bh"] < 0.05 and c["z"] > 0], key=lambda c: -c["z"])
    if pred is not None:
        # deciles of the predicted rate: cut k = the (k n / 10)-th smallest value, k = 1..9
        srt = np.sort(pred)
        cuts = [srt[k * len(pred) // 10] for k in range(1, 10)]
        decile = np.searchsorted(cuts, pred, side="right")
    else:
        decile = np.zeros(len(f), dtype=int)
    out = []
    for c in cands:
        others = [o for o in strongest if o["variable"] != c["variable"]][:3]
        key = decile.copy()
        for o in others:
            key = key * 3 + o["x"].astype(int)
        tables = []
        for k in np.unique(key):
            s = key == k
            x = c["x"][s]
            es = e[s]
            tables.append(np.array([[(x & es).sum(), (~x & es).sum()], [(x & ~es).sum(), (~x & ~es).sum()]]))
        p, z, orr = mh(tables)
        c["conditional_p_value"] = p
        row = {k: c[k] for k in ["name", "table", "lift", "share_explained", "p_value", "p_value_bh"]}
        row.update({"conditioned_on": [o["name"] for o in others], "conditional_p_value": p, "conditional_z": z,
                    "conditional_odds_ratio": orr})
        for k in ["standardized_difference", "threshold"]:
            if k in c:
                row[k] = c[k]
        out.append(row)
    conditional_bh = multipletests([c["conditional_p_value"] for c in cands] + [1.0] * (family - len(cands)),
                                   method="fdr_bh")[1]
    for row, q in zip(out, conditional_bh):
        row["conditional_p_value_bh"] = float(q)
    return {"rows": int(len(f)), "excursion_rows": int(e.sum()), "family_size": family, "candidates": out}


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


json.dump({"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__,
           "tests": tests_section(), "planted": planted_section(), "ai4i": ai4i_section()}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
