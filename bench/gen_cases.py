#!/usr/bin/env python3
"""Generates realistic random spotcheck cases, one per line, for benchmarks.

The findings (ids, types, ranges, choices) are read from the knowledge base, so the
generator follows data/kb.json as it changes. Each case has an `id`, an `age` and 3-12
other answered findings (most people answer a few questions, not all of them); the spot
itself (`lesion` or `size_mm`) is given in most cases. Output is deterministic for a
given --seed, -n and knowledge base.

    bench/gen_cases.py -n 200000 -o bench/out/cases.ndjson
    bench/gen_cases.py -n 1000 --csv --invalid-rate 0.01 > cases.csv

NDJSON lines look like the contract's example (CONTRACT.md section 5):
    {"id": "c000001", "age": 4, "lesion": "petechiae", "fever": true, "blanching": false}
CSV has a header row of `id` and every input finding; an empty cell is unknown.

With --invalid-rate R, about that fraction of lines is deliberately invalid (a typo in a
key, a wrong type, an out-of-range number, an unknown choice, broken JSON), to exercise
the error path of `spotcheck batch`.
"""
import argparse
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_KB = os.path.join(HERE, "..", "data", "kb.json")

# How likely a finding is to be asked about, by group: the spots and the symptoms come up
# in nearly every conversation, medicines and history less often.
GROUP_WEIGHT = {"spots": 3.0, "symptoms": 2.0, "person": 1.5, "bleeding": 1.0,
                "history": 1.0, "medicines": 1.0}
# Probability that an answered yes/no finding is "yes": red flags are rarer.
P_TRUE = 0.30
P_TRUE_RED_FLAG = 0.12
# Realistic frequencies for a few known choices; other choices are uniform.
CHOICE_WEIGHTS = {
    "lesion": {"petechiae": 0.45, "purpura": 0.20, "ecchymosis": 0.35},
    "location": {"legs_buttocks": 0.35, "arms_hands": 0.20, "trunk": 0.15,
                 "face_neck": 0.10, "mouth": 0.05, "widespread": 0.15},
}


def load_findings(path):
    with open(path, encoding="utf-8") as f:
        kb = json.load(f)
    findings = [x for x in kb["findings"] if not x.get("derived")]
    if not any(x["id"] == "age" for x in findings):
        sys.exit(f"gen_cases: {path} has no 'age' finding")
    return findings


def gen_age(rng, finding):
    lo, hi = finding.get("min", 0), finding.get("max", 130)
    r = rng.random()
    if r < 0.08:    # infants, in fractions of a year (0.05 is about 2.5 weeks)
        age = round(rng.uniform(0.02, 1.0), 2)
    elif r < 0.30:  # children
        age = rng.randint(1, 15)
    elif r < 0.78:  # adults
        age = rng.randint(16, 64)
    else:           # older people
        age = rng.randint(65, 98)
    return min(max(age, lo), hi)


def gen_number(rng, finding):
    if finding["id"] == "age":
        return gen_age(rng, finding)
    lo, hi = float(finding.get("min", 0)), float(finding.get("max", 100))
    if finding.get("unit") == "mm":
        # spot sizes: log-uniform from pinpoint to a large bruise
        a, b = max(lo, 0.5), min(hi, 80.0)
        v = round(math.exp(rng.uniform(math.log(a), math.log(b))), 1)
    else:
        v = round(rng.uniform(lo, hi), 1)
    if finding.get("min_exclusive") and v <= lo:
        v = lo + 0.1
    v = min(max(v, lo), hi)
    return int(v) if v == int(v) else v


def gen_value(rng, finding):
    t = finding["type"]
    if t == "bool":
        return rng.random() < (P_TRUE_RED_FLAG if finding.get("red_flag") else P_TRUE)
    if t == "number":
        return gen_number(rng, finding)
    choices = finding["choices"]
    weights = CHOICE_WEIGHTS.get(finding["id"])
    if weights and all(c in weights for c in choices):
        return rng.choices(choices, [weights[c] for c in choices])[0]
    return rng.choice(choices)


def weighted_sample(rng, items, weights, k):
    """k distinct items, each drawn with probability proportional to its weight."""
    # Efraimidis-Spirakis: the k largest u^(1/w).
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [items[i] for _, i in keyed[:k]]


class Generator:
    def __init__(self, findings, seed):
        self.rng = random.Random(seed)
        self.findings = findings
        self.by_id = {f["id"]: f for f in findings}
        self.age = self.by_id["age"]
        self.spot = [self.by_id[i] for i in ("lesion", "size_mm") if i in self.by_id]
        self.others = [f for f in findings if f["id"] not in ("age", "lesion", "size_mm")]
        self.other_weights = [GROUP_WEIGHT.get(f.get("group", ""), 1.0) for f in self.others]

    def case(self, n):
        """One valid case as a dict (key order: id, age, then as answered)."""
        rng = self.rng
        k = rng.randint(3, 12)  # answered findings besides age
        chosen = []
        r = rng.random()
        lesion = self.by_id.get("lesion")
        size = self.by_id.get("size_mm")
        if r < 0.45 and lesion:
            chosen.append(lesion)
        elif r < 0.75 and size:
            chosen.append(size)
        elif r < 0.85 and lesion and size:
            chosen += [lesion, size]
        chosen += weighted_sample(rng, self.others, self.other_weights, max(0, k - len(chosen)))
        rng.shuffle(chosen)
        case = {"id": f"c{n:07d}", "age": gen_value(rng, self.age)}
        for f in chosen:
            case[f["id"]] = gen_value(rng, f)
        return case

    def break_case(self, case):
        """Makes a valid case invalid in one realistic way; returns (case, raw_text or None)."""
        rng = self.rng
        kind = rng.choice(["typo", "wrong_type", "out_of_range", "unknown_choice", "bad_json", "not_object"])
        keys = [k for k in case if k != "id"]
        if kind == "typo":
            k = rng.choice(keys)
            i = rng.randrange(len(k))
            typo = k[:i] + k[i + 1:] if len(k) > 2 else k + "x"
            case = {(typo if key == k else key): v for key, v in case.items()}
        elif kind == "wrong_type":
            case["age"] = str(case["age"])
        elif kind == "out_of_range":
            case["age"] = float(self.age.get("max", 130)) + rng.randint(1, 500)
        elif kind == "unknown_choice":
            if "location" in self.by_id:
                case["location"] = rng.choice(["leg", "arms", "everywhere", "back"])
            else:
                case["age"] = -1
        elif kind == "bad_json":
            text = json.dumps(case)
            return case, text[: rng.randrange(1, len(text) - 1)]
        else:
            return case, json.dumps([case["id"], case["age"]])
        return case, None


def csv_cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    s = str(v)
    if any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="number of cases (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--kb", default=DEFAULT_KB, help="knowledge base JSON (default data/kb.json)")
    ap.add_argument("--csv", action="store_true", help="write CSV instead of NDJSON")
    ap.add_argument("--invalid-rate", type=float, default=0.0,
                    help="fraction of deliberately invalid lines (e.g. 0.01; default 0)")
    ap.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    args = ap.parse_args()
    if args.n < 0 or not 0.0 <= args.invalid_rate <= 1.0:
        ap.error("-n must be >= 0 and --invalid-rate in [0, 1]")

    gen = Generator(load_findings(args.kb), args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="\n")
    columns = ["id"] + [f["id"] for f in gen.findings]
    buf = []
    if args.csv:
        buf.append(",".join(columns))
    for n in range(1, args.n + 1):
        case = gen.case(n)
        raw = None
        if args.invalid_rate and gen.rng.random() < args.invalid_rate:
            case, raw = gen.break_case(case)
        if args.csv:
            if raw is not None:  # broken JSON has no CSV form: an unparsable number instead
                case["age"] = "abc"
            buf.append(",".join(csv_cell(case.get(c)) for c in columns)
                       if all(k in columns for k in case)
                       else ",".join(csv_cell(case.get(c)) for c in columns) + ",extra")
        else:
            buf.append(raw if raw is not None else json.dumps(case))
        if len(buf) >= 10000:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
