#!/usr/bin/env python3
"""The JSON Schemas in schema/ against what spotcheck really reads and writes.

usage: schema_test.py SPOTCHECK_BINARY SOURCE_DIR
Checks that each schema is a valid draft 2020-12 schema, that data/kb.json and every
scenario case validate, that the results of query and batch (every field, chosen fields,
sparse, emergency and contradictory cases, bad lines) validate against the result or the
batch-error schema, and that the schemas do reject what they must (a mutation check).
Exit 0 when all hold, 1 otherwise, 77 (skipped) when python3-jsonschema is missing.
"""
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("skipped: python3-jsonschema is not installed (cmake/install-deps.sh installs it)")
    sys.exit(77)

binary, root = sys.argv[1], sys.argv[2]
schemas = {}
for name in ["kb", "case", "result", "batch-error", "kb-validate"]:
    with open(os.path.join(root, "schema", f"{name}.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    schemas[name] = jsonschema.Draft202012Validator(schema)

passed = failed = 0


def check(name, document, what):
    global passed, failed
    errors = list(schemas[name].iter_errors(document))
    if errors:
        failed += 1
        print(f"FAIL {what}: {errors[0].json_path}: {errors[0].message[:200]}")
    else:
        passed += 1


def expect_invalid(name, document, what):
    global passed, failed
    if schemas[name].is_valid(document):
        failed += 1
        print(f"FAIL {what}: the {name} schema accepted it")
    else:
        passed += 1


def run(args, stdin=""):
    return subprocess.run([binary] + args, input=stdin, capture_output=True, text=True)


with open(os.path.join(root, "data", "kb.json")) as f:
    kb = json.load(f)
check("kb", kb, "data/kb.json")
cases = []
for path in sorted(glob.glob(os.path.join(root, "tests", "scenarios", "*.jsonl"))):
    with open(path) as f:
        cases += [json.loads(line)["case"] for line in f if line.strip()]
for case in cases:
    check("case", case, f"case {case.get('id')}")

# query --json: every field, chosen fields, and the shapes people give.
for args, stdin in [
    (["query", "--json"], ""),
    (["query", "--json", "--age", "3", "--unwell"], ""),
    (["query", "--json", "--age", "2", "--fever", "--lesion", "petechiae", "--blanching"], ""),
    (["query", "--json", "--top", "0", "--questions", "10", "--age", "30", "--lesion", "ecchymosis"], ""),
    (["query", "--json", "--fields", "id,answers,triage"], '{"id": 7, "fever": "yes", "age": "6m"}'),
    (["query", "--json", "-"], '{"id": "x", "age": 70, "confusion": true}'),
    # --what-if adds the what_if object: a change, no change, an answer taken back.
    (["query", "--json", "--age", "30", "--lesion", "ecchymosis", "--recent-injury", "--what-if", "fever=yes",
      "--what-if", "age=2w"], ""),
    (["query", "--json", "--age", "30", "--no-fever", "--what-if", "fever=no"], ""),
    (["query", "--json", "--fields", "triage", "--fever", "--what-if", "fever=unknown"], ""),
]:
    r = run(args, stdin)
    if r.returncode != 0:
        failed += 1
        print(f"FAIL {args}: exit {r.returncode}: {r.stderr.strip()}")
        continue
    check("result", json.loads(r.stdout), " ".join(args))

# batch: every scenario case, and bad lines in between: results and error records.
feed = "".join(json.dumps(c) + "\n" for c in cases) + '{"fevr": true}\n[1]\n{"age": -3}\nnot json\n'
for extra in [[], ["--fields", "id,answers,triage,contradictions"]]:
    r = run(["batch", "-q", "-"] + extra, feed)
    for line in r.stdout.splitlines():
        record = json.loads(line)
        check("batch-error" if "error" in record else "result", record, f"batch line {line[:60]}")

# The schemas must reject what is not in the contract.
result = json.loads(run(["query", "--json", "--age", "3", "--fever"]).stdout)
bad = json.loads(json.dumps(result))
bad["triage"]["level"] = "soon"
expect_invalid("result", bad, "an unknown triage level")
bad = json.loads(json.dumps(result))
bad["causes"][0]["score"] = 1.5
expect_invalid("result", bad, "a score above 1")
bad = json.loads(json.dumps(kb))
bad["findings"][0]["questoin"] = "typo"
expect_invalid("kb", bad, "an unknown key in a finding")
bad = json.loads(json.dumps(kb))
bad["findings"][8]["red_flag"] = True
expect_invalid("kb", bad, "a red flag without a floor")
what_if = json.loads(run(["query", "--json", "--age", "30", "--recent-injury", "--what-if", "fever=yes"]).stdout)
for mutate, what in [
    (lambda w: w.update(hypothetical=False), "a what-if not marked hypothetical"),
    (lambda w: w["triage"]["level"].update(after="soon"), "a what-if with an unknown level"),
    (lambda w: w["causes"].append({"id": "itp", "change": "moved", "rank_before": 1, "rank_after": 2,
                                   "score_before": 0.1, "score_after": 0.2}), "a cause change that is not one of the four"),
]:
    bad = json.loads(json.dumps(what_if))
    mutate(bad["what_if"])
    expect_invalid("result", bad, what)
expect_invalid("case", [1, 2], "a case that is not an object")
expect_invalid("batch-error", {"id": None, "line": 0, "error": {"code": "oops", "message": "x"}}, "a bad error record")

# kb validate --json: the built-in knowledge base (clean), and broken ones with problems of
# every kind (syntax, schema, reference, logic; with and without a pointer).
with open(os.path.join(root, "tests", "data", "broken_kbs", "minimal.json")) as f:
    minimal = f.read()
broken = {
    "clean": minimal,
    "syntax": minimal[: len(minimal) // 2],
    "schema": minimal.replace('"min": 0,', '"min": "0",'),
    "reference": minimal.replace('"points_to": ["meningitis"]', '"points_to": ["nothing"]'),
    "logic": minimal.replace('"weight": 1,', '"weight": -1,'),
    "not an object": "[]",
}
kinds = set()
for what, text in broken.items():
    r = run(["kb", "validate", "--json", "-"], text)
    report = json.loads(r.stdout)
    check("kb-validate", report, f"kb validate --json ({what})")
    kinds.update(d["kind"] for d in report["diagnostics"])
    if r.returncode != (65 if report["errors"] else 0):
        failed += 1
        print(f"FAIL kb validate ({what}): exit {r.returncode} with {report['errors']} errors")
if kinds != {"syntax", "schema", "reference", "logic"}:
    failed += 1
    print(f"FAIL kb validate: kinds seen {sorted(kinds)}")
r = run(["kb", "validate", "--json"])
check("kb-validate", json.loads(r.stdout), "kb validate --json (built-in)")
good = json.loads(run(["kb", "validate", "--json", "-"], broken["schema"]).stdout)
bad = json.loads(json.dumps(good))
bad["diagnostics"][0]["severity"] = "fatal"
expect_invalid("kb-validate", bad, "an unknown severity")
bad = json.loads(json.dumps(good))
bad["diagnostics"][0]["line"] = 0
expect_invalid("kb-validate", bad, "line 0")
bad = json.loads(json.dumps(good))
del bad["diagnostics"][0]["pointer"]
expect_invalid("kb-validate", bad, "a diagnostic without its pointer")
bad = json.loads(json.dumps(kb))
bad["must_not_miss"] = ["itp", "itp"]
expect_invalid("kb", bad, "a must_not_miss list naming a cause twice")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
