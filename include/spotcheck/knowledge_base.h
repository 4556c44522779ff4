// A loaded, checked and compiled knowledge base: the findings a person can answer, the
// lesion types, triage rules and causes, all read from JSON (docs/kb-format.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spotcheck {

enum class FindingType : std::uint8_t { kBool, kNumber, kChoice };

/// Something a person can tell the tool (or, when `derived`, something computed from
/// those answers). Its index in KnowledgeBase::findings() is its identity in a Case.
struct Finding {
  std::string id;
  FindingType type = FindingType::kBool;
  bool derived = false;  ///< computed by the engine; never set from input
  /// A red flag: when present, the triage is at least `floor` (a level index), whatever
  /// else is answered. The engine applies it as the triage rule `red_flag_<id>`.
  bool red_flag = false;
  std::size_t floor = 0;  ///< red flags only: index into triage_levels()
  std::string group;      ///< for ordering questions: person, spots, symptoms, ...
  std::string question;
  std::string help;
  std::string unit;  ///< numbers only
  /// Numbers only: other units an answer may use ("m" for months), and the factor that
  /// turns each into `unit` (parallel vectors; answer.h).
  std::vector<std::string> unit_names;
  std::vector<double> unit_factors;
  double min = 0, max = 0;               ///< numbers only, inclusive unless min_exclusive
  bool min_exclusive = false;            ///< numbers only
  std::vector<std::string> choices;      ///< choices only
  std::vector<std::string> choice_help;  ///< parallel to choices; may hold empty strings
  /// Input findings only: when the question fits the person (its `ask_when` condition in
  /// compact notation, e.g. "age<2"); empty when it always does. The interview leaves a
  /// question out once the answers make this false (Evaluator::ask_when_state).
  std::string ask_when;
};

struct TriageLevel {
  std::string id;  ///< e.g. emergency, urgent, routine, self_care (the knowledge base's own)
  std::string label;
  std::string advice;
  std::string note;  ///< said right after the advice (e.g. "do not wait ..."); may be empty
  /// How a terminal shows the label: one of kLevelColors. The loader fills in a default by
  /// position when the file gives none (most urgent white_on_red, least urgent green).
  std::string color;
};

/// The colour names a triage level may take (docs/kb-format.md); the CLI maps each to a
/// terminal style, so a knowledge base chooses colours without terminal codes.
inline constexpr const char* kLevelColors[] = {"white_on_red", "red",  "yellow",  "green",
                                               "blue",         "cyan", "magenta", "plain"};

/// The words about the complaint itself that the program says around the knowledge base's
/// own texts (the `wording` object of docs/kb-format.md), so that nothing in the program
/// speaks of spots when the knowledge base is about something else. The loader fills in a
/// neutral default for each one the file leaves out.
struct Wording {
  std::string about;           ///< --help: "spotcheck: ABOUT."
  std::string subject;         ///< ask: "questions about SUBJECT, one at a time ..."
  std::string report_title;    ///< the HTML report's heading
  std::string lesion_heading;  ///< text and report: the heading of the lesion finding's value
  /// --help: example answers, each a case object as compact JSON text, every key an input
  /// finding and every value of its type (checked on load). None: no examples that name
  /// findings.
  std::vector<std::string> examples;
};

struct Source {
  std::string id, title, publisher, url, grade;
  int year = 0;
};

struct TriageRule {
  static constexpr std::size_t kNotAFloor = static_cast<std::size_t>(-1);
  std::string id;
  std::size_t level = 0;  ///< index into triage_levels(); 0 is the most urgent
  bool fallback = false;  ///< fires only when no other rule does
  std::string text;
  std::string condition;  ///< the condition in compact notation, for explanations
  std::vector<std::string> sources;
  /// What to do, when it says more than the level's advice (e.g. "today" within a level
  /// of "today or within 48 hours"); empty to use the level's.
  std::string advice;
  /// Causes this rule points to (indices into causes()): when the rule fires, they are
  /// shown among the first causes whatever their scores (docs/contract.md section 4).
  std::vector<std::size_t> points_to;
  /// The red-flag finding whose floor this rule is, or kNotAFloor for a rule of the file.
  std::size_t floor_of = kNotAFloor;
};

struct Code {
  std::string system;  ///< "ICD-10 WHO" or "ICD-10-CM"
  std::string code, title;
};

/// One piece of evidence for or against a cause.
struct EvidenceItem {
  std::string label;           ///< compact condition, e.g. "fever", "lesion_type=petechiae"
  std::string negated_label;   ///< shown when the condition is false, e.g. "!fever"
  double weight = 0;           ///< log-odds added when the condition is true
  double weight_if_false = 0;  ///< log-odds added when the condition is false
  /// Log-odds added while the condition is unknown: lets a cause that rests on one
  /// answer (a medicine) rank low until that answer is given. Never listed as evidence.
  double weight_if_unknown = 0;
  std::string text;
  std::string source;
};

struct Category {
  std::string id, name, description;
};

struct Cause {
  std::string id, name, clinical_name, description, prevalence;
  std::size_t category = 0;  ///< index into categories()
  double prior = 0;          ///< log-odds from the prevalence class
  std::vector<Code> codes;
  std::vector<std::string> sources;
  std::size_t evidence_begin = 0, evidence_end = 0;  ///< range in evidence()
};

struct LesionType {
  std::string id, name, hpo, size, description;
};

/// One way a derived finding gets its value (the first case whose condition is true).
struct DerivationCase {
  std::size_t finding = 0;  ///< the derived finding
  double value = 0;         ///< value in the finding's encoding (see Case)
  std::string basis, text, source;
};

/// Answers that cannot all be true ("petechiae that fade under a glass"): the result
/// reports them, with what to do, so that a slip is not silently believed.
struct Contradiction {
  std::string id, text;
  std::vector<std::string> sources;
};

/// A screen (docs/kb-format.md, "screens"): several yes/no questions put as one, "Does
/// any of these apply?", as telephone triage asks its red flags. The interview
/// (interview.h) asks it as one question; an answer names the members that apply and says
/// no to the others.
struct Screen {
  std::string id, question, help;
  std::vector<std::size_t> members;      ///< input findings, all yes/no, each in one screen
  std::vector<std::string> member_text;  ///< parallel to members: each as the list shows it
};

struct Threshold {
  std::string name;
  double value = 0;
  std::string text, source;
};

namespace detail {
struct Program;  // compiled conditions; engine-internal
class IdIndex;   // look-up by id; engine-internal
}  // namespace detail

class KnowledgeBase {
 public:
  /// Parses, checks and compiles a knowledge base. `origin` names it in messages (a file
  /// name); `sha256` is its digest if already known (else it is computed from `text`).
  /// Throws KbError "ORIGIN:LINE:COL: /json/pointer: message" on the first problem.
  static std::shared_ptr<const KnowledgeBase> load(std::string_view text, std::string origin,
                                                   std::string sha256 = {});
  /// The knowledge base built into the binary (loaded once, on first use). It was
  /// checked and compiled at build time, so this only deserializes its image.
  static std::shared_ptr<const KnowledgeBase> embedded();
  /// The compiled image of this knowledge base (see from_image); exact, versioned.
  std::string to_image() const;
  /// Rebuilds a knowledge base from to_image()'s bytes. Throws KbError if they are not
  /// an image of this build's format.
  static std::shared_ptr<const KnowledgeBase> from_image(std::string_view image);

  ~KnowledgeBase();
  KnowledgeBase(const KnowledgeBase&) = delete;
  KnowledgeBase& operator=(const KnowledgeBase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& sha256() const { return sha256_; }
  const std::string& origin() const { return origin_; }
  const std::string& disclaimer() const { return disclaimer_; }

  /// Input findings first (in file order), then derived ones.
  std::span<const Finding> findings() const { return findings_; }
  std::size_t input_finding_count() const { return input_count_; }
  std::span<const TriageLevel> triage_levels() const { return levels_; }
  std::span<const TriageRule> triage_rules() const { return rules_; }
  std::span<const Cause> causes() const { return causes_; }
  std::span<const EvidenceItem> evidence() const { return evidence_; }
  std::span<const Category> categories() const { return categories_; }
  std::span<const LesionType> lesion_types() const { return lesion_types_; }
  std::span<const Source> sources() const { return sources_; }
  std::span<const DerivationCase> derivation_cases() const { return derivation_cases_; }
  std::span<const Threshold> thresholds() const { return thresholds_; }
  std::span<const Contradiction> contradictions() const { return contradictions_; }
  std::span<const Screen> screens() const { return screens_; }

  std::optional<std::size_t> find_finding(std::string_view id) const;
  std::optional<std::size_t> find_cause(std::string_view id) const;
  std::optional<std::size_t> find_level(std::string_view id) const;
  std::optional<std::size_t> find_source(std::string_view id) const;
  /// Index of `choice` among finding `f`'s choices.
  std::optional<std::size_t> find_choice(std::size_t f, std::string_view choice) const;
  /// The derived choice finding reported as the result's `lesion` object (the file's
  /// `lesion_finding`, e.g. lesion_type); none when the knowledge base names none, and then
  /// results have no `lesion`.
  std::optional<std::size_t> lesion_type_finding() const { return lesion_type_finding_; }
  const Wording& wording() const { return wording_; }

  /// Checks a number against finding `f`'s range; returns a message ("must be between 0
  /// and 130") when it is out of range or not finite, nothing when it is fine.
  std::optional<std::string> check_number(std::size_t f, double value) const;

  const detail::Program& program() const { return *program_; }
  const detail::IdIndex& finding_index() const { return *finding_index_; }  // engine-internal
  /// findings()[f].type, from a table small enough to stay cached (read per answer).
  FindingType finding_type(std::size_t f) const { return finding_types_[f]; }

 private:
  KnowledgeBase();
  // Fills finding_index_ and finding_types_; called once the findings are final.
  void index_findings();
  friend class KbLoader;
  friend struct KbImage;

  std::string name_, version_, sha256_, origin_, disclaimer_;
  std::vector<Finding> findings_;
  std::size_t input_count_ = 0;
  std::vector<TriageLevel> levels_;
  std::vector<TriageRule> rules_;
  std::vector<Cause> causes_;
  std::vector<EvidenceItem> evidence_;
  std::vector<Category> categories_;
  std::vector<LesionType> lesion_types_;
  std::vector<Source> sources_;
  std::vector<DerivationCase> derivation_cases_;
  std::vector<Threshold> thresholds_;
  std::vector<Contradiction> contradictions_;
  std::vector<Screen> screens_;
  std::optional<std::size_t> lesion_type_finding_;
  Wording wording_;
  std::unique_ptr<detail::IdIndex> finding_index_;  // finding ids to their index
  std::vector<FindingType> finding_types_;
  std::unique_ptr<detail::Program> program_;
};

/// The candidate closest to `word` by edit distance, if it is close enough to be a
/// likely typo (used for "did you mean" hints).
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

}  // namespace spotcheck
