#include "text_render.h"

#include <fmt/format.h>

#include "text_wrap.h"

namespace spotcheck::cli {
namespace {

// With no answers there is nothing to weigh: say so, and ask what matters most first,
// rather than print a confident level and causes ranked on priors alone.
void render_nothing_answered(const ResultView& v, const Style& style, std::string& out) {
  out += style.bold("Nothing was answered yet, so spotcheck cannot say how urgent this is.") + "\n";
  out +=
      fmt::format("It could be {}. Answer these first, with the flags shown:\n", v.possible_label);
  for (const QuestionView& q : v.questions)
    out += fmt::format("  - {}  {}\n", q.question, style.dim(q.flag));
}

// The level and what to do, first and plainly; then what could still make it more urgent
// and the answers to check again.
void render_headline(const ResultView& v, const Style& style, const TextOptions& options,
                     std::string& out) {
  const std::string label = fmt::format(" {} ", v.label);
  const std::string head = fmt::format("{}  {}", style.level(v.color, label), style.bold(v.advice));
  // The advice continues under itself, not under the label.
  out +=
      (options.width == 0 ? head : wrap_line(head, options.width, display_width(label) + 2)) + "\n";
  if (!v.note.empty()) out += style.bold(v.note) + "\n";
  if (v.possible_level < v.level) {
    const std::string could = style.level(v.possible_color, std::string(v.possible_label));
    if (v.deciding_questions.empty()) {
      out += fmt::format("Could be {}: other answers could make this more urgent.\n", could);
    } else {
      out += fmt::format("Could be {}: check now:\n", could);
      for (const std::string_view q : v.deciding_questions) out += fmt::format("  - {}\n", q);
    }
  }
  // Answers that cannot all be true: said before anything rests on them.
  for (const std::string_view text : v.contradictions)
    out += fmt::format("{} {}\n", style.bold("Check your answers:"), text);
}

void render_reasons(const ResultView& v, const Style& style, const TextOptions& options,
                    std::string& out) {
  out += fmt::format("\n{}\n", style.bold("Why this advice:"));
  for (const ReasonView& reason : v.reasons) {
    out += fmt::format("  - {}\n", reason.text);
    const std::string where = options.verbose
                                  ? fmt::format("rule {}; source: {}", reason.id, reason.sources)
                                  : fmt::format("Source: {}", reason.sources);
    out += fmt::format("    {}\n", style.dim(where));
  }
}

// What kind of spot, in plain words: the type's name and what it means, then how it was
// decided from the answers; its Human Phenotype Ontology id only when verbose.
void render_lesion(const ResultView& v, const Style& style, const TextOptions& options,
                   std::string& out) {
  if (!v.lesion.described) return;
  const LesionType* t = v.lesion.type;
  out += fmt::format("\n{} {}\n", style.bold(fmt::format("{}:", v.lesion.heading)),
                     t ? std::string_view(t->name) : std::string_view("not known yet"));
  if (t && !t->description.empty()) out += fmt::format("  {}\n", t->description);
  if (!v.lesion.basis.empty()) out += fmt::format("  {}\n", v.lesion.basis);
  if (options.verbose && t)
    out += fmt::format("  {}\n", style.dim(fmt::format("lesion type {}{}{}", t->id,
                                                       t->hpo.empty() ? "" : "; HPO ", t->hpo)));
}

void render_causes(const ResultView& v, const Style& style, const TextOptions& options,
                   std::string& out) {
  out += fmt::format("\n{}\n", style.bold("Possible causes to discuss with a doctor:"));
  std::size_t shown = 0;
  for (const CauseView& c : v.causes) {
    if (!c.listed) continue;
    const std::string number = fmt::format("{}. ", ++shown);
    const std::string hang(2 + number.size(), ' ');
    out += fmt::format("  {}{}\n", number, style.bold(c.name));
    if (c.pinned)
      out += fmt::format("{}! Must not be missed: the warning signs above point to it.\n", hang);
    for (const EvidenceView& e : c.evidence)
      out += fmt::format("{}{} {}{}\n", hang, e.supports ? '+' : '-', e.text,
                         e.condition_true ? "" : " (not so here)");
    if (options.verbose) {
      std::string ids =
          fmt::format("{}; cause {}; ranking weight {:.2f}", c.category_name, c.id, c.score);
      for (const Code& code : c.codes) ids += fmt::format("; {} {}", code.system, code.code);
      out += fmt::format("{}{}\n", hang, style.dim(ids));
    }
  }
  if (shown == 0) out += "  (none listed)\n";
  // A weight is shown only with --verbose, and never as a percentage: it ranks the causes
  // against each other and is not the chance that the person has one (docs/contract.md).
  if (options.verbose && shown != 0)
    out += fmt::format("  {}\n", style.dim("The ranking weight (0 to 1) only orders the causes "
                                           "against each other: it is not a probability."));
}

// The answers as understood, each with its question, so that a slip can be seen: the JSON
// result has them as `answers`.
void render_answers(const ResultView& v, const Style& style, std::string& out) {
  out += fmt::format("\n{}\n", style.bold("What you told us:"));
  for (const AnswerView& a : v.answers)
    out += fmt::format("  - {} {}\n", a.question, style.bold(a.words));
  out += "  Anything not listed is unknown, not no.\n";
}

void render_questions(const ResultView& v, const Style& style, std::string& out) {
  if (v.questions.empty()) return;
  out += fmt::format("\n{}\n", style.bold(v.level == 0 ? "Answers a doctor will ask about:"
                                                       : "Answers that would help most:"));
  for (const QuestionView& q : v.questions) {
    out += fmt::format("  - {}  {}\n", q.question, style.dim(q.flag));
    out += fmt::format("    {}\n", q.why);
  }
}

}  // namespace

std::string render_text(const Presentation& p, const Case& c, const Result& r, const Style& style,
                        const TextOptions& options) {
  const ResultView v = present(p, c, r);
  std::string out;
  if (!v.answered_anything) {
    render_nothing_answered(v, style, out);
  } else {
    render_headline(v, style, options, out);
    render_reasons(v, style, options, out);
    render_lesion(v, style, options, out);
    render_causes(v, style, options, out);
    render_answers(v, style, out);
    render_questions(v, style, out);
  }
  // Not dimmed: the safety line must stay readable.
  out += fmt::format("\n{}\n", v.disclaimer);
  return options.width == 0 ? out : wrap_text(out, options.width);
}

std::string render_text(const KnowledgeBase& kb, const Case& c, const Result& r, const Style& style,
                        const TextOptions& options) {
  return render_text(Presentation(kb), c, r, style, options);
}

}  // namespace spotcheck::cli
