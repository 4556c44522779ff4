// spotcheck batch: see batch.md. (Being written.)
#include <spotcheck/error.h>

#include "commands.h"

namespace spotcheck::cli {

int run_batch(const Context&, const BatchOptions&) {
  throw Error("batch is not available in this build yet", kExitInternal);
}

}  // namespace spotcheck::cli
