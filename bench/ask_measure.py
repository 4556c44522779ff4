#!/usr/bin/env python3
"""How many questions `spotcheck ask` needs, over the scenario suite and the vignettes.

Each case is played as a person who knows exactly the case's answers: every question
`ask` puts is answered from the case (y/n, the number, the choice), and "?" (don't know)
where the case is silent. The interview is driven through the real command line: the
script runs `spotcheck ask --json` with the answers so far piped in; at the end of that
input `ask` has printed its next question on stderr (or stopped), and its stdout is the
result so far. So the figures are those of the binary, prompts and all. A list ("Does
any of these apply?", the knowledge base's screens) counts as one question and is
answered as --model says (screen_reply): lenient (silent members count as no) or strict
(a member the case is silent on is never answered).

Reported (see bench/README.md):
- questions until the final level is known: the number answered after which the level
  no longer changes for the rest of the interview (median, largest);
- the whole interview's length (median, largest);
- for every emergency case (query with the full case says emergency), the number of
  questions answered when the level first became emergency;
- whether the interview's final level equals query's with the full case;
- for comparison, the number of findings a person could be asked about.

Usage: bench/ask_measure.py [--bin build/release/spotcheck] [--jobs 2] [--verbose]
                            [--model lenient|strict]
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUESTION = re.compile(r"^(\d+)\. (.+?)(?: \[[^\]]*\] .*)?$")
MEMBER = re.compile(r"^ +(\d+)  (.+)$")


def load_cases():
    files = sorted(glob.glob(os.path.join(ROOT, "tests/scenarios/*.jsonl")))
    files.append(os.path.join(ROOT, "tests/data/vignettes.jsonl"))
    cases = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    cases.append((os.path.relpath(path, ROOT), json.loads(line)["case"]))
    return cases


def reply(finding, value):
    if value is None:
        return "?"
    if finding["type"] == "bool":
        return "y" if value else "n"
    return str(value)


def run(binary, args, stdin_text):
    p = subprocess.run([binary] + args, input=stdin_text.encode(), capture_output=True,
                       env=dict(os.environ, NO_COLOR="1"), check=False)
    if p.returncode != 0:
        raise RuntimeError(f"{args}: exit {p.returncode}: {p.stderr.decode()[-500:]}")
    return p.stdout.decode(), p.stderr.decode()


def screen_reply(listed, case, model):
    """A person's answer to a screen listing `listed` (finding ids, in order).

    lenient: the numbers of the members the case says true, else "none": a person who has
    none of these says none, so a member the case is silent on counts as no.
    strict: as lenient when the case answers every listed member; when it is silent on any,
    the numbers of the true ones followed by "?" ("3 ?": the others are not known), or "?"
    alone when none is true (the members not answered are then asked on their own, and
    answered from the case).
    Returns (reply, the members it answers no although the case is silent on them).
    """
    yes = [str(k + 1) for k, f in enumerate(listed) if case.get(f)]
    if model == "strict" and any(case.get(f) is None for f in listed):
        return (" ".join(yes) + " ?" if yes else "?"), []
    silent = [f for f in listed if case.get(f) is None]
    return (" ".join(yes) if yes else "none"), silent


def play(binary, findings, by_question, screens, case, model):
    """Plays one case; returns (asked ids, level after each number of answers, full level,
    the level of the person's case: the case with the members a screen answered no)."""
    answers, asked, levels = [], [], []
    person = {k: v for k, v in case.items() if k != "id"}
    for _ in range(200):
        out, err = run(binary, ["ask", "--json"], "".join(a + "\n" for a in answers))
        levels.append(json.loads(out)["triage"]["level"])
        lines = err.splitlines()
        numbered = [(i, m) for i, m in ((i, QUESTION.match(l)) for i, l in enumerate(lines)) if m]
        pending = [(i, m) for i, m in numbered if int(m.group(1)) == len(answers) + 1]
        if not pending:
            break  # the interview stopped before the input ran out
        at, m = pending[-1]
        question = m.group(2)
        if question in screens:
            texts = screens[question]
            listed = []
            for line in lines[at + 1:]:
                member = MEMBER.match(line)
                if not member:
                    break
                listed.append(texts[member.group(2)])
            answer, silent = screen_reply(listed, case, model)
            for f in silent:
                person[f] = False
            asked.append("[" + ",".join(listed) + "]")
            answers.append(answer)
            continue
        fid = by_question[question]
        asked.append(fid)
        answers.append(reply(findings[fid], case.get(fid)))
    given = {k: v for k, v in case.items() if k != "id"}
    out, _ = run(binary, ["query", "--json", "--case", "-"], json.dumps(given))
    full = json.loads(out)["triage"]["level"]
    out, _ = run(binary, ["query", "--json", "--case", "-"], json.dumps(person))
    return asked, levels, full, json.loads(out)["triage"]["level"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/release/spotcheck"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--verbose", action="store_true", help="one line per case")
    ap.add_argument("--model", choices=["lenient", "strict"], default="lenient",
                    help="how the person answers a screen (see screen_reply)")
    args = ap.parse_args()

    kb = json.load(open(os.path.join(ROOT, "data/kb.json"), encoding="utf-8"))
    findings = {f["id"]: f for f in kb["findings"]}
    by_question = {f["question"]: f["id"] for f in kb["findings"]}
    assert len(by_question) == len(findings), "questions must be unique to be told apart"
    screens = {s["question"]: {m["text"]: m["finding"] for m in s["members"]}
               for s in kb.get("screens", [])}
    assert not set(screens) & set(by_question), "screen questions must differ from findings'"
    cases = load_cases()

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        played = list(pool.map(
            lambda c: play(args.bin, findings, by_question, screens, c[1], args.model), cases))

    rank = {level["id"]: k for k, level in enumerate(kb["triage_levels"])}  # 0: most urgent
    settle, length, emergency_at, missed, unequal, unequal_person = [], [], [], [], [], []
    person_emergency_at = []
    by_source = {}
    for (source, case), (asked, levels, full, person) in zip(cases, played):
        final = levels[-1]
        k = len(levels) - 1
        while k > 0 and levels[k - 1] == final:
            k -= 1
        settle.append(k)
        length.append(len(asked))
        by_source.setdefault(source, []).append((k, len(asked)))
        if full == "emergency":
            first = next((i for i, level in enumerate(levels) if level == "emergency"), None)
            if first is None:
                missed.append(case["id"])
            else:
                emergency_at.append((first, case["id"]))
        if final != full:
            unequal.append((case["id"], final, full))
        if final != person:
            unequal_person.append((case["id"], final, person))
        if person == "emergency":
            person_emergency_at.append(
                next((i for i, level in enumerate(levels) if level == "emergency"), 999))
        if args.verbose:
            print(f"{case['id']:6} {source:40} settle {k:2} asked {len(asked):2} "
                  f"final {final:9} query {full:9} {' '.join(asked)}")

    n = len(cases)
    print(f"how a screen is answered: {args.model}")
    print(f"cases: {n} ({len(emergency_at) + len(missed)} emergencies by query with the full case)")
    print(f"findings a person can be asked about: {len(findings)}")
    print(f"questions until the final level is known: median {statistics.median(settle)}, "
          f"largest {max(settle)}, mean {statistics.mean(settle):.1f}")
    print(f"questions in the whole interview: median {statistics.median(length)}, "
          f"largest {max(length)}, mean {statistics.mean(length):.1f}")
    for source, rows in sorted(by_source.items()):
        print(f"  {source}: {len(rows)} cases, until the level is known: median "
              f"{statistics.median(r[0] for r in rows)}, largest {max(r[0] for r in rows)}; "
              f"interview median {statistics.median(r[1] for r in rows)}")
    firsts = sorted(e[0] for e in emergency_at)
    if firsts:
        within5 = sum(1 for x in firsts if x <= 5)
        print(f"emergencies found: {len(firsts)}, within 5 questions: {within5}, "
              f"median {statistics.median(firsts)}, largest {max(firsts)}")
        late = sorted((e for e in emergency_at if e[0] > 5), reverse=True)
        if late:
            print("  found after 5: " + ", ".join(f"{cid} ({k})" for k, cid in late))
        histogram = {}
        for x in firsts:
            histogram[x] = histogram.get(x, 0) + 1
        print("  found after k questions: " +
              ", ".join(f"{k}: {v}" for k, v in sorted(histogram.items())))
    if missed:
        print(f"emergencies never found: {len(missed)}: {', '.join(missed)}")
    if person_emergency_at != firsts:
        print(f"emergencies by query with the person's case (the case plus the no's a screen "
              f"answer gave): {len(person_emergency_at)}, found within 5 questions: "
              f"{sum(1 for x in person_emergency_at if x <= 5)}")
    safer = sum(1 for _, final, full in unequal if rank[final] < rank[full])
    print(f"final level equal to query's with the full case: {n - len(unequal)} of {n} "
          f"({safer} more urgent in ask, {len(unequal) - safer} less urgent)")
    for cid, final, full in unequal:
        print(f"  {cid}: ask {final}, query {full}")
    safer = sum(1 for _, final, full in unequal_person if rank[final] < rank[full])
    print(f"final level equal to query's with the person's case (the case plus the no's a "
          f"screen answer gave): {n - len(unequal_person)} of {n} ({safer} more urgent in ask, "
          f"{len(unequal_person) - safer} less urgent)")
    for cid, final, full in unequal_person:
        print(f"  {cid}: ask {final}, query {full}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
