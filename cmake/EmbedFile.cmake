# Script mode: cmake -DINPUT=data/kb.json -DOUTPUT=kb_embedded.cpp -P EmbedFile.cmake
# Writes a C++ source holding the file's text and its SHA-256, so that the binary
# carries its knowledge base and can name it in every result without hashing at start-up.
file(READ "${INPUT}" text)
file(SHA256 "${INPUT}" digest)
string(FIND "${text}" ")spotcheck_kb\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )spotcheck_kb\"")
endif()
# Raw string literals stay well under compiler limits when split into chunks.
string(LENGTH "${text}" length)
set(chunks "")
set(offset 0)
while(offset LESS length)
  string(SUBSTRING "${text}" ${offset} 16000 piece)
  string(APPEND chunks "R\"spotcheck_kb(${piece})spotcheck_kb\"\n")
  math(EXPR offset "${offset} + 16000")
endwhile()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/EmbedFile.cmake. Do not edit.
#include <spotcheck/embedded_kb.h>

namespace spotcheck {
namespace {
constexpr char kText[] =
${chunks};
}  // namespace

std::string_view embedded_kb_text() { return {kText, sizeof(kText) - 1}; }
std::string_view embedded_kb_sha256() { return \"${digest}\"; }
}  // namespace spotcheck
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
