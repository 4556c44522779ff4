#include <spotcheck/embedded_kb.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck {

std::shared_ptr<const KnowledgeBase> KnowledgeBase::embedded() {
  static const std::shared_ptr<const KnowledgeBase> kb = from_image(embedded_kb_image());
  return kb;
}

}  // namespace spotcheck
