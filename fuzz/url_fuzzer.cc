// URL parsing, resolution and normalization. Input: a URL, optionally
// followed by a NUL byte and a base to resolve it against (NUL because
// URL test cases hold tabs and newlines).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crawler/url/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace url = caravan::url;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nul = in.find('\0');
  std::string_view ref = in.substr(0, nul);
  std::string_view base = nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1);

  if (std::optional<url::Url> u = url::Parse(ref)) {
    u->Serialize();
    u->Origin();
    u->PathAndQuery();
  }
  if (!base.empty()) url::Resolve(base, ref);
  url::HostOf(ref);
  // The frontier keys on Normalize's output and normalizes again what it
  // reads back, so it must be a fixed point.
  if (std::optional<std::string> n = url::Normalize(ref)) {
    std::optional<std::string> again = url::Normalize(*n);
    if (!again || *again != *n) __builtin_trap();
  }
  return 0;
}
