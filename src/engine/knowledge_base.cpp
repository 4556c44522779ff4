// KnowledgeBase's own functions: look-ups by id and range checks, and the loader's
// entry point (kb_loader.h does the work).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "id_index.h"
#include "kb_loader.h"

namespace spotcheck {

// ---- KnowledgeBase ---------------------------------------------------------------------

KnowledgeBase::KnowledgeBase() = default;
KnowledgeBase::~KnowledgeBase() = default;

std::shared_ptr<const KnowledgeBase> KnowledgeBase::load(std::string_view text, std::string origin,
                                                         std::string sha256) {
  KbLoader loader(text, std::move(origin));
  auto kb = loader.load(std::move(sha256));
  if (!kb) throw KbError(loader.diagnostics().first_error_line());
  return kb;
}

namespace {
template <typename T>
std::optional<std::size_t> find_by_id(const std::vector<T>& items, std::string_view id) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return i;
  return std::nullopt;
}
}  // namespace

void KnowledgeBase::index_findings() {
  std::vector<std::string_view> ids;
  finding_types_.clear();
  for (const Finding& f : findings_) {
    ids.push_back(f.id);
    finding_types_.push_back(f.type);
  }
  finding_index_ = std::make_unique<detail::IdIndex>(ids);
}

std::optional<std::size_t> KnowledgeBase::find_finding(std::string_view id) const {
  const std::size_t f = finding_index_->find(id);
  if (f == detail::IdIndex::kMissing) return std::nullopt;
  return f;
}

std::optional<std::size_t> KnowledgeBase::find_cause(std::string_view id) const {
  return find_by_id(causes_, id);
}
std::optional<std::size_t> KnowledgeBase::find_level(std::string_view id) const {
  return find_by_id(levels_, id);
}
std::optional<std::size_t> KnowledgeBase::find_source(std::string_view id) const {
  return find_by_id(sources_, id);
}

std::optional<std::size_t> KnowledgeBase::find_choice(std::size_t f,
                                                      std::string_view choice) const {
  const auto& choices = findings_[f].choices;
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (choices[i] == choice) return i;
  return std::nullopt;
}

std::optional<std::string> KnowledgeBase::check_number(std::size_t f, double value) const {
  const Finding& finding = findings_[f];
  if (!std::isfinite(value)) return std::string("must be a finite number");
  if (finding.min_exclusive ? value <= finding.min : value < finding.min) {
    return finding.min_exclusive
               ? fmt::format("must be greater than {}", finding.min)
               : fmt::format("must be between {} and {}", finding.min, finding.max);
  }
  if (value > finding.max)
    return finding.min_exclusive
               ? fmt::format("must be greater than {} and at most {}", finding.min, finding.max)
               : fmt::format("must be between {} and {}", finding.min, finding.max);
  return std::nullopt;
}

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates) {
  std::optional<std::string> best;
  std::size_t best_distance =
      std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3)) + 1;
  for (const std::string& candidate : candidates) {
    // Edit distance counting a swap of neighbours as one edit (optimal string alignment),
    // since "nmaed" for "named" is the commonest slip of the fingers.
    const std::size_t n = word.size(), m = candidate.size();
    const bool prefix = word.size() >= 3 && candidate.starts_with(word);
    // The distance is at least the difference in length: skip what cannot win, so that a
    // megabyte of unknown key costs a comparison per candidate, not a table of its size.
    if (!prefix && (n > m ? n - m : m - n) >= best_distance) continue;
    std::vector<std::size_t> d((n + 1) * (m + 1));
    auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= n; ++i) {
      for (std::size_t j = 1; j <= m; ++j) {
        const std::size_t cost = word[i - 1] == candidate[j - 1] ? 0 : 1;
        at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
        if (i > 1 && j > 1 && word[i - 1] == candidate[j - 2] && word[i - 2] == candidate[j - 1])
          at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
    std::size_t distance = at(n, m);
    if (prefix) distance = std::min<std::size_t>(distance, 1);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace spotcheck
