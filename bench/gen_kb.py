#!/usr/bin/env python3
"""Writes a knowledge base N times the size of data/kb.json, for the scaling benchmarks.

Copy 0 is data/kb.json itself; copies 1..N-1 repeat its findings, derived findings, named
conditions, triage rules, contradictions and causes with every id given the suffix _kK
(and every reference to them renamed the same way), so the result has N times the
findings, rules, causes and evidence, all valid, and evaluates the original's cases as the
original does (a case that answers only copy 0's findings touches only copy 0's rules).
Levels, thresholds, sources, categories, prevalence and lesion types are shared.

    bench/gen_kb.py --scale 10 > big10.json
    bench/gen_kb.py --scale 100 --cases 1000 --cases-out cases100.ndjson > big100.json

--cases writes that many cases to --cases-out, each answering 3 to 12 findings of one
random copy (so each touches about the same number of rules whatever N is); --spread K
makes each case answer findings of K copies instead (it touches K times the rules).
python3 only, no packages.
"""
import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rename_condition(cond, names, conds):
    """The condition with finding names and named-condition refs renamed."""
    if isinstance(cond, list):
        return [rename_condition(c, names, conds) for c in cond]
    if not isinstance(cond, dict):
        return cond
    out = {}
    for op, arg in cond.items():
        if op in ("is", "known"):
            out[op] = names.get(arg, arg)
        elif op == "ref":
            out[op] = conds.get(arg, arg)
        elif op in ("eq", "in", "lt", "le", "gt", "ge"):
            out[op] = [names.get(arg[0], arg[0])] + arg[1:]
        else:
            out[op] = rename_condition(arg, names, conds)
    return out


def copy_of(kb, k):
    """Copy k of the sections that scale, every id suffixed _kK."""
    suffix = f"_k{k}"
    names = {f["id"]: f["id"] + suffix for f in kb["findings"] + kb["derived"]}
    conds = {c: c + suffix for c in kb["conditions"]}
    causes = {c["id"]: c["id"] + suffix for c in kb["causes"]}

    def cond(c):
        return rename_condition(c, names, conds)

    out = {"findings": [], "derived": [], "conditions": {}, "triage_rules": [],
           "contradictions": [], "causes": []}
    for f in kb["findings"]:
        g = dict(f, id=names[f["id"]])
        if "ask_when" in g:
            g["ask_when"] = cond(g["ask_when"])
        if "red_flag" in g and "points_to" in g["red_flag"]:
            g["red_flag"] = dict(g["red_flag"],
                                 points_to=[causes[c] for c in g["red_flag"]["points_to"]])
        out["findings"].append(g)
    for d in kb["derived"]:
        g = dict(d, id=names[d["id"]])
        g["cases"] = [dict(c, when=cond(c["when"]),
                           text=rename_placeholders(c["text"], names)) for c in d["cases"]]
        out["derived"].append(g)
    for name, c in kb["conditions"].items():
        out["conditions"][conds[name]] = cond(c)
    for r in kb["triage_rules"]:
        if r.get("fallback"):
            continue  # exactly one fallback: copy 0's
        g = dict(r, id=r["id"] + suffix, when=cond(r["when"]))
        if "points_to" in g:
            g["points_to"] = [causes[c] for c in g["points_to"]]
        out["triage_rules"].append(g)
    for c in kb.get("contradictions", []):
        out["contradictions"].append(dict(c, id=c["id"] + suffix, when=cond(c["when"])))
    for c in kb["causes"]:
        g = dict(c, id=causes[c["id"]])
        g["evidence"] = [dict(e, when=cond(e["when"])) for e in c["evidence"]]
        out["causes"].append(g)
    return out


def rename_placeholders(text, names):
    for old, new in names.items():
        text = text.replace("{" + old + "}", "{" + new + "}")
    return text


def scaled(kb, n):
    out = json.loads(json.dumps(kb))
    out["name"] = f"{kb['name']}-x{n}"
    for k in range(1, n):
        part = copy_of(kb, k)
        for key in ("findings", "derived", "triage_rules", "contradictions", "causes"):
            out.setdefault(key, []).extend(part[key])
        out["conditions"].update(part["conditions"])
    # The fallback rule stays last, as in the original.
    rules = out["triage_rules"]
    out["triage_rules"] = [r for r in rules if not r.get("fallback")] + \
                          [r for r in rules if r.get("fallback")]
    return out


def random_answer(f, rng):
    if f["type"] == "bool":
        return rng.random() < 0.4
    if f["type"] == "choice":
        return rng.choice(f["choices"])
    lo, hi = f["min"], min(f["max"], 100)
    return round(rng.uniform(lo + 0.1, hi), 1)


def cases(kb, n, count, spread, rng):
    inputs = [f for f in kb["findings"]]
    for i in range(count):
        case = {"id": f"g{i}"}
        for _ in range(spread):
            k = rng.randrange(n)
            suffix = "" if k == 0 else f"_k{k}"
            for f in rng.sample(inputs, rng.randint(3, 12)):
                case[f["id"] + suffix] = random_answer(f, rng)
        yield case


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=10, help="copies of the knowledge base (1-300)")
    ap.add_argument("--kb", default=str(ROOT / "data" / "kb.json"))
    ap.add_argument("--cases", type=int, default=0, help="also write this many cases")
    ap.add_argument("--cases-out", help="file for the cases (NDJSON)")
    ap.add_argument("--spread", type=int, default=1, help="copies each case answers")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if not 1 <= a.scale <= 300:
        ap.error("--scale must be from 1 to 300 (the loader takes up to 20,000 items per array)")
    if a.cases and not a.cases_out:
        ap.error("--cases needs --cases-out")
    kb = json.loads(Path(a.kb).read_text())
    json.dump(scaled(kb, a.scale), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    if a.cases:
        rng = random.Random(a.seed)
        with open(a.cases_out, "w") as out:
            for c in cases(kb, a.scale, a.cases, a.spread, rng):
                out.write(json.dumps(c) + "\n")


if __name__ == "__main__":
    main()
