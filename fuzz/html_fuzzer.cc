// HTML extraction as every fetched page gets it: charset decoding, parsing,
// main text, metadata and language, from one body at a fixed URL.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/article.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  caravan::extract::Input input;
  input.body = std::string_view(reinterpret_cast<const char*>(data), size);
  // A dated path, so that the URL date rules run beside the page's own.
  input.url = "https://www.example.org/en/2024/09/13/middle-corridor/";
  input.content_type = "text/html";
  caravan::extract::Extract(input);
  return 0;
}
