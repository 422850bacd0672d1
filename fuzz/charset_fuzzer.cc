// Charset detection and decoding: every body goes through ToUtf8 before
// anything else reads it, so its output must be UTF-8 whatever came in.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/charset.h"

namespace {

// Header labels that take ToUtf8 down its other paths: the WHATWG
// supersets, stateful and two-byte encodings, and labels iconv lacks.
constexpr std::string_view kHeaderLabels[] = {
    "",          "utf-8",     "windows-1251", "koi8-r",   "gb2312", "big5",
    "shift_jis", "euc-kr",    "iso-2022-jp",  "utf-16",   "utf-16be", "latin1",
    "iso-8859-9", "x-user-defined", "utf-7",  "no-such-charset",
};

void Check(const std::string& utf8) {
  if (!caravan::extract::IsValidUtf8(utf8)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  Check(caravan::extract::ToUtf8(body, ""));
  if (size > 0) {
    std::string_view label = kHeaderLabels[data[0] % std::size(kHeaderLabels)];
    std::string used;
    Check(caravan::extract::ToUtf8(body, label, &used));
  }
  // Meta tags and headers hand over any bytes as a label.
  caravan::extract::CanonicalCharset(body.substr(0, 64));
  return 0;
}
