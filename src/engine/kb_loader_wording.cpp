// The knowledge base's own words about its complaint (`wording`): the texts spotcheck says
// around the knowledge base's, and --help's examples, checked as a case file is read.
// kb_loader.h says how problems are collected.
#include <spotcheck/answer.h>

#include "kb_loader.h"

namespace spotcheck {

// The words about the complaint the program puts around the knowledge base's texts, each
// with a neutral default (knowledge_base.h, Wording).
void KbLoader::load_wording() {
  Wording& w = kb_->wording_;
  w = {"triage and possible causes from a person's answers",
       "your answers",
       "Notes to show a doctor",
       "Lesion type",
       {}};
  if (!doc_.contains("wording")) return;
  const Ptr at("/wording");
  check_keys(doc_["wording"], at,
             {"about", "subject", "report_title", "lesion_heading", "examples"});
  const std::pair<const char*, std::string*> fields[] = {{"about", &w.about},
                                                         {"subject", &w.subject},
                                                         {"report_title", &w.report_title},
                                                         {"lesion_heading", &w.lesion_heading}};
  for (const auto& field : fields) {
    const std::string text = opt_string(doc_["wording"], at, field.first);
    if (!text.empty()) *field.second = text;
  }
  if (!doc_["wording"].contains("examples")) return;
  const json& examples = doc_["wording"]["examples"];
  if (!examples.is_array() || examples.size() > kMaxExamples)
    errors_.fail(at / "examples",
                 fmt::format("expected an array of at most {} case objects", kMaxExamples));
  for (std::size_t i = 0; i < examples.size(); ++i) {
    if (!examples[i].is_object() || examples[i].empty())
      errors_.fail(at / "examples" / i, "expected a case object with at least one answer");
    w.examples.push_back(examples[i].dump());
  }
}

// Each example's answers against the findings (after they are loaded): an example that
// --help would print must be one the program accepts.
void KbLoader::check_examples() {
  if (!doc_.contains("wording")) return;
  const json& wording = doc_["wording"];
  if (!wording.is_object() || !wording.contains("examples")) return;
  const json& examples = wording["examples"];
  if (!examples.is_array()) return;  // load_wording() said so
  for (std::size_t i = 0; i < examples.size() && examples[i].is_object(); ++i) {
    for (const auto& [key, value] : examples[i].items()) {
      const Ptr at = Ptr("/wording/examples") / i / key;
      // The names and the answer grammar of a case file (answer.h), so that what loads
      // here is what --help's examples read back.
      const auto f = find_finding_named(*kb_, key);
      if (!f || kb_->findings_[*f].derived) {
        errors_.report(at, KbSeverity::kError, KbCheckKind::kReference,
                       finding_name_problem(*kb_, key).message);
        continue;
      }
      const std::string text = value.is_string()    ? value.get<std::string>()
                               : value.is_boolean() ? (value.get<bool>() ? "true" : "false")
                               : value.is_number()  ? value.dump()
                                                    : "";
      double parsed = 0;
      if (text.empty()) {
        errors_.report(at, KbSeverity::kError, KbCheckKind::kSchema,
                       "expected true, false, a number or a choice");
      } else if (const auto problem = parse_answer(*kb_, *f, text, key, parsed)) {
        errors_.report(at, KbSeverity::kError, KbCheckKind::kSchema, problem->message);
      }
    }
  }
}

}  // namespace spotcheck
