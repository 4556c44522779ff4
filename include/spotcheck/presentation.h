// What a result shows, worked out once: names, reason texts, source titles, flag
// spellings, field names and the wording of the next questions. Every front end (the JSON
// writer, the text renderer, `list`, `explain`, `ask` and the HTML report) takes these from
// here so that they agree. Plain UTF-8 text only: no JSON escaping, no terminal codes, no
// HTML, no I/O. Each front end escapes or styles the strings as its format needs.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// The names of a result's top-level JSON fields, in ResultField bit order
/// (result_json.h): "schema_version", "id", ...
std::span<const std::string_view> result_field_name_table();

/// A knowledge-base text with {finding} placeholders, split: each part is literal text
/// followed by the finding whose answer goes after it (kNone after the last part). A
/// brace pair that names no finding stays literal. The one reading of the syntax.
struct TextPart {
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::string literal;
  std::size_t finding = kNone;
  std::string placeholder;  ///< "{finding}", written as is while that finding is unknown
};
std::vector<TextPart> split_placeholders(std::string_view text, const KnowledgeBase& kb);

/// `text` with each {finding} replaced by that finding's answer in `c` as given (a number,
/// a choice name, yes/no); an unanswered finding's placeholder stays as written.
std::string fill_placeholders(std::string_view text, const KnowledgeBase& kb, const Case& c);

/// A number as the texts write it: the shortest text that reads back as the same double.
std::string number_text(double v);

/// The wordings Presentation caches, one at a time: for the JSON writer, which escapes
/// only these at construction and so need not build the whole Presentation (start-up is
/// most of a `query`).
std::string raise_why_text(const KnowledgeBase& kb, std::size_t rule, bool alone);
std::string cause_why_text(const KnowledgeBase& kb, std::size_t cause);
std::string derivation_type_text(const KnowledgeBase& kb, std::size_t d);

/// The display strings of one knowledge base, built once (a few hundred strings) and then
/// only read: thread-safe to share. The knowledge base must outlive it.
class Presentation {
 public:
  explicit Presentation(const KnowledgeBase& kb);

  const KnowledgeBase& kb() const { return kb_; }

  /// How finding `f` is given on the command line: "--fever / --no-fever",
  /// "--age <years>", "--lesion <choice>"; "(derived)" for a derived finding.
  const std::string& flag(std::size_t f) const { return flags_[f]; }
  /// A finding id as the flag's long name: "size_mm" as "--size-mm".
  static std::string flag_name(std::string_view id);

  /// A source reference ("nice_ng12", "article#Causes") as a title: the source's title,
  /// with ` (section "Causes")` for a reference into a section; an unknown id as itself.
  std::string source_title(std::string_view ref) const;
  /// The titles of rule `r`'s / cause `c`'s sources, joined by "; ".
  const std::string& rule_sources(std::size_t r) const { return rule_sources_[r]; }
  const std::string& cause_sources(std::size_t c) const { return cause_sources_[c]; }

  /// The lesion type described by value `lesion` of the lesion_type finding (a choice
  /// index; -1 unknown), or nullptr when it is unknown or the knowledge base does not
  /// describe that choice.
  const LesionType* lesion_type(int lesion) const;
  /// The lesion_type choice a derivation case gives ("petechiae"), "unknown" for the
  /// `otherwise` case and for cases of other derived findings.
  const std::string& derivation_type(std::size_t d) const { return derivation_type_[d]; }

  /// Why a next question is asked, in one sentence: "Could make the advice EMERGENCY:
  /// <the rule's text>" (alone), "With other answers, could make the advice ...", or
  /// "Helps weigh '<cause>' against the other possible causes."
  const std::string& raise_why(std::size_t rule, bool alone) const {
    return (alone ? raise_alone_ : raise_with_others_)[rule];
  }
  const std::string& cause_why(std::size_t cause) const { return cause_why_[cause]; }
  const std::string& question_why(const NextQuestion& q) const {
    return q.why == NextQuestion::Why::kSeparatesCauses ? cause_why(q.cause)
                                                        : raise_why(q.rule, q.alone);
  }

  /// Answer `v` to finding `f` in words: "yes", "4 years", "purpura: purple spots or
  /// patches from 2 mm to 1 cm" (a choice with its help text, '_' read as ' ').
  std::string answer_words(std::size_t f, double v) const;
  /// What an answer to finding `f` may be: "yes or no", "a number of years from 0 to 130
  /// (units: ...)", "one of: petechiae, purpura, ecchymosis".
  std::string answer_range(std::size_t f) const;

 private:
  const KnowledgeBase& kb_;
  std::vector<std::string> flags_, rule_sources_, cause_sources_, derivation_type_;
  std::vector<std::string> raise_alone_, raise_with_others_, cause_why_;
  std::vector<int> lesion_type_of_choice_;  // per lesion_type choice: index into lesion_types()
};

/// One answer as understood.
struct AnswerView {
  std::size_t finding = 0;
  std::string_view question;
  std::string words;  ///< Presentation::answer_words
};

/// A rule that decided the level.
struct ReasonView {
  std::size_t rule = 0;
  std::string_view id, text, sources;  ///< sources: titles, "; "-joined
};

/// One piece of evidence that counted for a cause. Evidence is only ever about what was
/// answered (an unknown answer is never listed as evidence).
struct EvidenceView {
  std::size_t item = 0;
  bool supports = true;        ///< for the cause (else against it)
  bool condition_true = true;  ///< false: it counts because the answer was no
  std::string_view text, label;
};

struct CauseView {
  std::size_t cause = 0;
  std::string_view id, name, clinical_name, category_id, category_name, sources;
  /// Relative ranking weight in [0, 1] (Result): not a probability. Front ends show it only
  /// when asked to, and say so.
  double score = 0;
  bool pinned = false;  ///< a warning sign that fired points to it: must not be missed
  /// Listed in a result for a person: always, except at the most urgent level where only
  /// the causes warning signs point to or some answer supports are (the rest are not
  /// relevant yet and would only distract from the action).
  bool listed = true;
  std::span<const Code> codes;              ///< ICD-10 codes, for clinicians
  std::vector<std::string_view> pinned_by;  ///< ids of the fired rules pointing to it
  std::vector<EvidenceView> evidence;       ///< for first, then against, as in Result
};

struct QuestionView {
  std::size_t finding = 0;
  std::string_view question, flag;
  std::string_view why;        ///< Presentation::question_why
  bool raises_triage = false;  ///< could make the advice more urgent (else: weighs causes)
  std::size_t level = 0;       ///< raises_triage: to this level
};

struct LesionView {
  bool described = false;            ///< the knowledge base names a lesion_finding
  std::string_view heading;          ///< its heading (the knowledge base's wording)
  const LesionType* type = nullptr;  ///< nullptr: not known yet
  std::string_view type_id;          ///< the choice, or "unknown"
  std::string basis;                 ///< how it was decided, placeholders filled; may be empty
};

/// Everything a result shows, as plain text and indices. string_views point into the
/// Presentation and its knowledge base: the view must not outlive them.
struct ResultView {
  bool answered_anything = false;
  std::size_t level = 0, possible_level = 0;
  std::string_view level_id, label, advice, note, possible_label;
  /// The levels' colour names (TriageLevel::color): the knowledge base chooses them.
  std::string_view color, possible_color;
  /// Unanswered questions that alone could take the advice to possible_level (at most 3):
  /// said under the headline when possible_level is more urgent than level.
  std::vector<std::string_view> deciding_questions;
  std::vector<std::string_view> contradictions;  ///< what to check, one sentence each
  std::vector<ReasonView> reasons;
  LesionView lesion;
  std::vector<CauseView> causes;  ///< as ranked in Result
  std::vector<AnswerView> answers;
  std::vector<QuestionView> questions;
  std::string_view disclaimer;
};

/// The view of result `r` of case `c`.
ResultView present(const Presentation& p, const Case& c, const Result& r);

}  // namespace spotcheck
