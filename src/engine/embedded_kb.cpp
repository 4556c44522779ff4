#include <spotcheck/embedded_kb.h>
#include <spotcheck/knowledge_base.h>

#include "program.h"

namespace spotcheck {
namespace detail {
const NativeCode& embedded_native_code();  // generated with the image (native_codegen.h)
}

std::shared_ptr<const KnowledgeBase> KnowledgeBase::embedded() {
  static const std::shared_ptr<const KnowledgeBase> kb = [] {
    auto loaded = from_image(embedded_kb_image());
    // Before anyone else can see it: the image and this code come from the same kb.json.
    loaded->program_->native = &detail::embedded_native_code();
    return loaded;
  }();
  return kb;
}

}  // namespace spotcheck
