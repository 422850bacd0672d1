// PDF extraction: poppler's parser and word boxes, then the layout rules
// (columns, running heads, paragraphs) and the information dictionary.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/pdf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  caravan::extract::ExtractPdf(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
