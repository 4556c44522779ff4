#include <bit>
#include <cmath>

#include <fmt/format.h>

#include <spotcheck/presentation.h>
#include <spotcheck/result_json.h>

namespace spotcheck {
namespace {

constexpr std::string_view kFieldNames[] = {
    "schema_version", "id", "lesion",  "triage",        "causes",
    "next_questions", "kb", "answers", "contradictions"};
static_assert(std::size(kFieldNames) == std::bit_width(static_cast<unsigned>(kFieldAll)));

std::string dashed(std::string_view id) {
  std::string out(id);
  for (char& ch : out)
    if (ch == '_') ch = '-';
  return out;
}

std::string spoken(std::string_view id) {
  std::string out(id);
  for (char& ch : out)
    if (ch == '_') ch = ' ';
  return out;
}

std::string flag_text(const Finding& f) {
  if (f.derived) return "(derived)";
  const std::string flag = Presentation::flag_name(f.id);
  switch (f.type) {
    case FindingType::kBool:
      return fmt::format("{} / --no-{}", flag, dashed(f.id));
    case FindingType::kNumber:
      return fmt::format("{} <{}>", flag, f.unit.empty() ? "number" : f.unit);
    case FindingType::kChoice:
      return fmt::format("{} <choice>", flag);
  }
  return flag;
}

}  // namespace

std::span<const std::string_view> result_field_name_table() {
  return kFieldNames;
}

std::vector<TextPart> split_placeholders(std::string_view text, const KnowledgeBase& kb) {
  std::vector<TextPart> parts;
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      literal += text.substr(i);
      break;
    }
    literal += text.substr(i, open - i);
    const std::string_view raw = text.substr(open, close - open + 1);
    if (const auto f = kb.find_finding(raw.substr(1, raw.size() - 2))) {
      parts.push_back({std::move(literal), *f, std::string(raw)});
      literal.clear();
    } else {
      literal += raw;
    }
    i = close + 1;
  }
  parts.push_back({std::move(literal), TextPart::kNone, {}});
  return parts;
}

std::string number_text(double v) {
  return fmt::format("{}", v);
}

std::string fill_placeholders(std::string_view text, const KnowledgeBase& kb, const Case& c) {
  std::string out;
  for (const TextPart& part : split_placeholders(text, kb)) {
    out += part.literal;
    if (part.finding == TextPart::kNone) continue;
    if (part.finding >= c.size() || !c.known(part.finding)) {
      out += part.placeholder;
      continue;
    }
    const Finding& f = kb.findings()[part.finding];
    const double v = c.value(part.finding);
    switch (f.type) {
      case FindingType::kNumber:
        out += number_text(v);
        break;
      case FindingType::kChoice:
        out += f.choices[static_cast<std::size_t>(v)];
        break;
      case FindingType::kBool:
        out += v != 0 ? "yes" : "no";
        break;
    }
  }
  return out;
}

std::string raise_why_text(const KnowledgeBase& kb, std::size_t rule, bool alone) {
  const TriageRule& r = kb.triage_rules()[rule];
  const std::string& label = kb.triage_levels()[r.level].label;
  return alone ? fmt::format("Could make the advice {}: {}", label, r.text)
               : fmt::format("With other answers, could make the advice {}: {}", label, r.text);
}

std::string cause_why_text(const KnowledgeBase& kb, std::size_t cause) {
  return fmt::format("Helps weigh '{}' against the other possible causes.",
                     kb.causes()[cause].name);
}

std::string derivation_type_text(const KnowledgeBase& kb, std::size_t d) {
  const DerivationCase& c = kb.derivation_cases()[d];
  const auto lt = kb.lesion_type_finding();
  const bool lesion = lt && c.finding == *lt && !std::isnan(c.value);
  return lesion ? kb.findings()[*lt].choices[static_cast<std::size_t>(c.value)] : "unknown";
}

std::string Presentation::flag_name(std::string_view id) {
  return "--" + dashed(id);
}

Presentation::Presentation(const KnowledgeBase& kb) : kb_(kb) {
  for (const Finding& f : kb.findings()) flags_.push_back(flag_text(f));
  const auto joined = [&](const std::vector<std::string>& refs) {
    std::string out;
    for (const std::string& ref : refs) out += (out.empty() ? "" : "; ") + source_title(ref);
    return out;
  };
  for (std::size_t r = 0; r < kb.triage_rules().size(); ++r) {
    rule_sources_.push_back(joined(kb.triage_rules()[r].sources));
    raise_alone_.push_back(raise_why_text(kb, r, true));
    raise_with_others_.push_back(raise_why_text(kb, r, false));
  }
  for (std::size_t c = 0; c < kb.causes().size(); ++c) {
    cause_sources_.push_back(joined(kb.causes()[c].sources));
    cause_why_.push_back(cause_why_text(kb, c));
  }
  if (const auto lt = kb.lesion_type_finding()) {
    for (const std::string& choice : kb.findings()[*lt].choices) {
      int index = -1;
      for (std::size_t t = 0; t < kb.lesion_types().size(); ++t)
        if (kb.lesion_types()[t].id == choice) index = static_cast<int>(t);
      lesion_type_of_choice_.push_back(index);
    }
  }
  for (std::size_t d = 0; d < kb.derivation_cases().size(); ++d)
    derivation_type_.push_back(derivation_type_text(kb, d));
}

std::string Presentation::source_title(std::string_view ref) const {
  const std::size_t hash = ref.find('#');
  const auto index = kb_.find_source(ref.substr(0, hash));
  std::string title = index ? kb_.sources()[*index].title : std::string(ref);
  if (index && hash != std::string_view::npos)
    title += fmt::format(" (section \"{}\")", ref.substr(hash + 1));
  return title;
}

const LesionType* Presentation::lesion_type(int lesion) const {
  if (lesion < 0 || static_cast<std::size_t>(lesion) >= lesion_type_of_choice_.size())
    return nullptr;
  const int t = lesion_type_of_choice_[static_cast<std::size_t>(lesion)];
  return t < 0 ? nullptr : &kb_.lesion_types()[static_cast<std::size_t>(t)];
}

std::string Presentation::answer_words(std::size_t f, double v) const {
  const Finding& x = kb_.findings()[f];
  switch (x.type) {
    case FindingType::kBool:
      return v != 0 ? "yes" : "no";
    case FindingType::kNumber: {
      const std::string number =
          v == std::floor(v) && std::abs(v) < 1e9 ? number_text(v) : fmt::format("{:.3g}", v);
      return x.unit.empty() ? number : fmt::format("{} {}", number, x.unit);
    }
    case FindingType::kChoice: {
      const auto k = static_cast<std::size_t>(v);
      const std::string name = spoken(x.choices[k]);
      return x.choice_help[k].empty() ? name : fmt::format("{}: {}", name, x.choice_help[k]);
    }
  }
  return {};
}

std::string Presentation::answer_range(std::size_t f) const {
  const Finding& x = kb_.findings()[f];
  switch (x.type) {
    case FindingType::kBool:
      return "yes or no";
    case FindingType::kNumber: {
      std::string text =
          fmt::format("a number{} from {}{} to {}", x.unit.empty() ? "" : " of " + x.unit,
                      x.min_exclusive ? "over " : "", number_text(x.min), number_text(x.max));
      if (!x.unit_names.empty()) {
        text += " (units: ";
        for (std::size_t i = 0; i < x.unit_names.size(); ++i)
          text += (i ? ", " : "") + x.unit_names[i];
        text += ')';
      }
      return text;
    }
    case FindingType::kChoice: {
      std::string text = "one of: ";
      for (std::size_t i = 0; i < x.choices.size(); ++i) text += (i ? ", " : "") + x.choices[i];
      return text;
    }
  }
  return {};
}

ResultView present(const Presentation& p, const Case& c, const Result& r) {
  const KnowledgeBase& kb = p.kb();
  ResultView v;
  for (std::size_t f = 0; f < kb.input_finding_count() && f < c.size(); ++f) {
    if (!c.known(f)) continue;
    v.answered_anything = true;
    v.answers.push_back({f, kb.findings()[f].question, p.answer_words(f, c.value(f))});
  }

  const TriageLevel& level = kb.triage_levels()[r.triage_level];
  v.level = r.triage_level;
  v.possible_level = r.possible_level;
  v.level_id = level.id;
  v.label = level.label;
  v.advice = triage_advice(kb, r);
  v.note = level.note;
  v.possible_label = kb.triage_levels()[r.possible_level].label;
  v.color = level.color;
  v.possible_color = kb.triage_levels()[r.possible_level].color;
  for (const NextQuestion& q : r.next_questions)
    if (q.why == NextQuestion::Why::kCouldRaiseTriage && q.level == r.possible_level &&
        r.possible_level < r.triage_level && v.deciding_questions.size() < 3)
      v.deciding_questions.push_back(kb.findings()[q.finding].question);
  for (const std::size_t i : r.contradictions)
    v.contradictions.push_back(kb.contradictions()[i].text);
  for (const std::size_t i : r.reasons) {
    const TriageRule& rule = kb.triage_rules()[i];
    v.reasons.push_back({i, rule.id, rule.text, p.rule_sources(i)});
  }

  if (const auto lt = kb.lesion_type_finding()) {
    v.lesion.described = true;
    v.lesion.heading = kb.wording().lesion_heading;
    v.lesion.type = p.lesion_type(r.lesion);
    v.lesion.type_id =
        r.lesion < 0
            ? std::string_view("unknown")
            : std::string_view(kb.findings()[*lt].choices[static_cast<std::size_t>(r.lesion)]);
    if (r.lesion_case >= 0)
      v.lesion.basis = fill_placeholders(
          kb.derivation_cases()[static_cast<std::size_t>(r.lesion_case)].text, kb, c);
  }

  const bool most_urgent = r.triage_level == 0;
  for (const RankedCause& rc : r.causes) {
    const Cause& cause = kb.causes()[rc.cause];
    const Category& category = kb.categories()[cause.category];
    CauseView cv;
    cv.cause = rc.cause;
    cv.id = cause.id;
    cv.name = cause.name;
    cv.clinical_name = cause.clinical_name;
    cv.category_id = category.id;
    cv.category_name = category.name;
    cv.sources = p.cause_sources(rc.cause);
    cv.score = rc.score;
    cv.pinned = rc.pinned;
    cv.codes = cause.codes;
    cv.listed = !most_urgent || rc.pinned || !rc.evidence_for.empty();
    if (rc.pinned)
      for (const std::size_t rule : r.fired)
        for (const std::size_t pointed : kb.triage_rules()[rule].points_to)
          if (pointed == rc.cause) cv.pinned_by.push_back(kb.triage_rules()[rule].id);
    for (int side = 0; side < 2; ++side)
      for (const EvidenceHit& h : side == 0 ? rc.evidence_for : rc.evidence_against) {
        const EvidenceItem& e = kb.evidence()[h.item];
        cv.evidence.push_back({h.item, side == 0, h.condition_true, e.text,
                               h.condition_true ? e.label : e.negated_label});
      }
    v.causes.push_back(std::move(cv));
  }

  for (const NextQuestion& q : r.next_questions)
    v.questions.push_back({q.finding, kb.findings()[q.finding].question, p.flag(q.finding),
                           p.question_why(q), q.why == NextQuestion::Why::kCouldRaiseTriage,
                           q.level});
  v.disclaimer = kb.disclaimer();
  return v;
}

}  // namespace spotcheck
