// A knowledge base's compiled form as bytes, so that the one built into the binary is
// checked and compiled once at build time and only deserialized at start-up (a JSON
// parse and compile of data/kb.json costs several milliseconds; this costs a fraction
// of one). Every field is listed once, in visit(), for both directions.
#include <cstring>
#include <type_traits>

#include <spotcheck/error.h>
#include <spotcheck/knowledge_base.h>

#include "program.h"

namespace spotcheck {
namespace {

// Bump when the layout below changes; an image of another version is refused.
constexpr char kMagic[8] = {'S', 'P', 'K', 'B', 'I', 'M', '1', '2'};

// A field added to one of these structs changes its size: add it to fields() below and to
// the field-by-field test of knowledge_base_test.cpp, then update the size here. (Checked on
// the one ABI the project builds on; elsewhere the test alone guards the image.)
#if defined(__GLIBCXX__) && defined(__x86_64__)
static_assert(sizeof(Finding) == 328, "a Finding field is missing from the image");
static_assert(sizeof(TriageLevel) == 160, "a TriageLevel field is missing from the image");
static_assert(sizeof(Source) == 168, "a Source field is missing from the image");
static_assert(sizeof(TriageRule) == 200, "a TriageRule field is missing from the image");
static_assert(sizeof(Code) == 96, "a Code field is missing from the image");
static_assert(sizeof(EvidenceItem) == 152, "an EvidenceItem field is missing from the image");
static_assert(sizeof(Category) == 96, "a Category field is missing from the image");
static_assert(sizeof(Cause) == 240, "a Cause field is missing from the image");
static_assert(sizeof(LesionType) == 160, "a LesionType field is missing from the image");
static_assert(sizeof(DerivationCase) == 112, "a DerivationCase field is missing from the image");
static_assert(sizeof(Threshold) == 104, "a Threshold field is missing from the image");
static_assert(sizeof(Contradiction) == 88, "a Contradiction field is missing from the image");
static_assert(sizeof(Screen) == 144, "a Screen field is missing from the image");
static_assert(sizeof(Wording) == 152, "a Wording field is missing from the image");
#endif

// The fields of each stored type, in order; used by both Writer and Reader.
template <typename A>
void fields(A& a, Finding& x) {
  a(x.id), a(x.type), a(x.derived), a(x.red_flag), a(x.floor), a(x.group), a(x.question), a(x.help);
  a(x.unit), a(x.unit_names), a(x.unit_factors), a(x.min), a(x.max), a(x.min_exclusive);
  a(x.choices), a(x.choice_help), a(x.ask_when);
}
template <typename A>
void fields(A& a, TriageLevel& x) {
  a(x.id), a(x.label), a(x.advice), a(x.note), a(x.color);
}
template <typename A>
void fields(A& a, Wording& x) {
  a(x.about), a(x.subject), a(x.report_title), a(x.lesion_heading), a(x.examples);
}
template <typename A>
void fields(A& a, Source& x) {
  a(x.id), a(x.title), a(x.publisher), a(x.url), a(x.grade), a(x.year);
}
template <typename A>
void fields(A& a, TriageRule& x) {
  a(x.id), a(x.level), a(x.fallback), a(x.text), a(x.condition), a(x.sources), a(x.advice);
  a(x.points_to), a(x.floor_of);
}
template <typename A>
void fields(A& a, Code& x) {
  a(x.system), a(x.code), a(x.title);
}
template <typename A>
void fields(A& a, EvidenceItem& x) {
  a(x.label), a(x.negated_label), a(x.weight), a(x.weight_if_false), a(x.weight_if_unknown);
  a(x.text), a(x.source);
}
template <typename A>
void fields(A& a, Category& x) {
  a(x.id), a(x.name), a(x.description);
}
template <typename A>
void fields(A& a, Cause& x) {
  a(x.id), a(x.name), a(x.clinical_name), a(x.description), a(x.prevalence), a(x.category);
  a(x.prior), a(x.codes), a(x.sources), a(x.evidence_begin), a(x.evidence_end);
}
template <typename A>
void fields(A& a, LesionType& x) {
  a(x.id), a(x.name), a(x.hpo), a(x.size), a(x.description);
}
template <typename A>
void fields(A& a, DerivationCase& x) {
  a(x.finding), a(x.value), a(x.basis), a(x.text), a(x.source);
}
template <typename A>
void fields(A& a, Contradiction& x) {
  a(x.id), a(x.text), a(x.sources);
}
template <typename A>
void fields(A& a, Screen& x) {
  a(x.id), a(x.question), a(x.help), a(x.members), a(x.member_text);
}
template <typename A>
void fields(A& a, Threshold& x) {
  a(x.name), a(x.value), a(x.text), a(x.source);
}
template <typename A>
void fields(A& a, detail::OpRun& x) {
  a(x.op), a(x.end);
}
template <typename A>
void fields(A& a, detail::CombineStep& x) {
  a(x.dst), a(x.a), a(x.b), a(x.op);
}
template <typename A>
void fields(A& a, detail::Node& x) {
  a(x.op), a(x.finding), a(x.first_child), a(x.child_count), a(x.number), a(x.choice_mask);
}

class Writer {
 public:
  std::string bytes;
  template <typename T>
  void operator()(T& v) {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
    } else if constexpr (std::is_same_v<T, std::string>) {
      std::uint32_t n = static_cast<std::uint32_t>(v.size());
      (*this)(n);
      bytes.append(v);
    } else {
      fields(*this, v);
    }
  }
  template <typename T>
  void operator()(std::vector<T>& v) {
    std::uint32_t n = static_cast<std::uint32_t>(v.size());
    (*this)(n);
    for (auto& item : v) (*this)(item);
  }
  template <typename T>
  void operator()(std::optional<T>& v) {
    std::uint8_t has = v.has_value();
    (*this)(has);
    if (v) (*this)(*v);
  }
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool at_end() const { return pos_ == bytes_.size(); }
  template <typename T>
  void operator()(T& v) {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      need(sizeof v);
      std::memcpy(&v, bytes_.data() + pos_, sizeof v);
      pos_ += sizeof v;
    } else if constexpr (std::is_same_v<T, std::string>) {
      std::uint32_t n = 0;
      (*this)(n);
      need(n);
      v.assign(bytes_.data() + pos_, n);
      pos_ += n;
    } else {
      fields(*this, v);
    }
  }
  template <typename T>
  void operator()(std::vector<T>& v) {
    std::uint32_t n = 0;
    (*this)(n);
    need(n);  // every element takes at least one byte
    v.resize(n);
    for (auto& item : v) (*this)(item);
  }
  template <typename T>
  void operator()(std::optional<T>& v) {
    std::uint8_t has = 0;
    (*this)(has);
    if (has) {
      v.emplace();
      (*this)(*v);
    } else {
      v.reset();
    }
  }

 private:
  void need(std::size_t n) const {
    if (n > bytes_.size() - pos_) throw KbError("<embedded image>: truncated knowledge base image");
  }
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

struct KbImage {
  template <typename A>
  static void visit(A& a, KnowledgeBase& kb) {
    a(kb.name_), a(kb.version_), a(kb.sha256_), a(kb.origin_), a(kb.disclaimer_);
    a(kb.findings_), a(kb.input_count_), a(kb.levels_), a(kb.rules_), a(kb.causes_);
    a(kb.evidence_), a(kb.categories_), a(kb.lesion_types_), a(kb.sources_);
    a(kb.derivation_cases_), a(kb.thresholds_), a(kb.contradictions_), a(kb.lesion_type_finding_);
    a(kb.screens_);
    a(kb.wording_);
    detail::Program& p = *kb.program_;
    a(p.nodes), a(p.runs), a(p.steps), a(p.children), a(p.rule_root), a(p.evidence_root),
        a(p.derivation_root), a(p.contradiction_root), a(p.ask_when_root);
    a(p.derived_order), a(p.cases_begin), a(p.cases_end), a(p.rule_inputs);
    a(p.evidence_inputs), a(p.fallback_rule), a(p.finding_rules), a(p.trial_values),
        a(p.feeds_derived), a(p.derived_inputs);
  }
};

#undef SPOTCHECK_FIELDS

std::string KnowledgeBase::to_image() const {
  Writer w;
  w.bytes.append(kMagic, sizeof kMagic);
  KbImage::visit(w, const_cast<KnowledgeBase&>(*this));
  return std::move(w.bytes);
}

std::shared_ptr<const KnowledgeBase> KnowledgeBase::from_image(std::string_view image) {
  if (image.size() < sizeof kMagic || std::memcmp(image.data(), kMagic, sizeof kMagic) != 0)
    throw KbError("<embedded image>: not a knowledge base image of this version");
  std::shared_ptr<KnowledgeBase> kb(new KnowledgeBase());
  kb->program_ = std::make_unique<detail::Program>();
  Reader r(image.substr(sizeof kMagic));
  KbImage::visit(r, *kb);
  if (!r.at_end()) throw KbError("<embedded image>: trailing bytes after the knowledge base image");
  kb->index_findings();
  return kb;
}

}  // namespace spotcheck
