// The knowledge base's `screens` (docs/kb-format.md): yes/no questions that the interview
// puts as one ("Does any of these apply?"), as telephone triage puts its red flags. Which
// questions belong together, and how each is worded in the list, is knowledge, so it
// lives in the knowledge base and is checked here like any other section.
#include "kb_loader.h"

namespace spotcheck {

void KbLoader::load_screens() {
  if (!doc_.contains("screens")) return;
  std::set<std::string> seen;
  // Each finding in one screen at most: its answer comes from one place.
  std::vector<std::string> screen_of(kb_->input_count_);
  const json* screens = nullptr;
  if (!part([&] { screens = &array(doc_, Ptr(), "screens"); })) return;
  const json& list = *screens;
  // Each screen is an item of its own: one bad screen does not hide the problems of the next.
  for (std::size_t i = 0; i < list.size(); ++i)
    part([&] {
      const Ptr at = Ptr("/screens") / i;
      check_keys(list[i], at, {"id", "question", "help", "members"});
      Screen screen;
      screen.id = id(list[i], at, seen, "screen");
      screen.question = string(list[i], at, "question");
      if (screen.question.empty()) errors_.fail(at / "question", "a screen needs a question");
      screen.help = opt_string(list[i], at, "help");
      const json& members = array(list[i], at, "members");
      // One member would be a plain question; a list much longer than a dozen is not read
      // to its end.
      if (members.size() < 2 || members.size() > 12)
        errors_.fail(at / "members", "a screen has 2 to 12 members");
      for (std::size_t m = 0; m < members.size(); ++m) {
        const Ptr mat = at / "members" / m;
        check_keys(members[m], mat, {"finding", "text"});
        const std::string finding = string(members[m], mat, "finding");
        const auto f = kb_->find_finding(finding);
        if (!f || *f >= kb_->input_count_)
          errors_.unknown(detail::RefKind::kFinding, finding, mat / "finding",
                          fmt::format("unknown input finding '{}'", finding));
        if (kb_->findings_[*f].type != FindingType::kBool)
          errors_.fail(
              mat / "finding",
              fmt::format("'{}' is not a yes/no finding: a screen answers yes or no", finding));
        if (!screen_of[*f].empty())
          errors_.fail(mat / "finding",
                       fmt::format("'{}' is already in the screen '{}'", finding, screen_of[*f]));
        screen_of[*f] = screen.id;
        screen.members.push_back(*f);
        screen.member_text.push_back(string(members[m], mat, "text"));
        if (screen.member_text.back().empty()) errors_.fail(mat / "text", "empty text");
      }
      kb_->screens_.push_back(std::move(screen));
    });
}

}  // namespace spotcheck
