// Helpers shared by the extraction tests: fixtures and re-encoding.
#pragma once

#include <iconv.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "extract/article.h"

namespace caravan::extract::testing {

// Extracts `html` as an HTML page fetched from `url` (may be empty).
inline Article ExtractHtmlPage(const std::string& html, std::string_view url = {}) {
  Input in;
  in.body = html;
  in.url = url;
  in.content_type = "text/html";
  return Extract(in);
}

// The bytes of tests/extract/fixtures/`name`.
inline std::string Fixture(const std::string& name) {
  std::string path = std::string(CARAVAN_SOURCE_DIR) + "/tests/extract/fixtures/" + name;
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open fixture " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// `utf8` re-encoded in `charset` with iconv (fixtures are kept in UTF-8
// and turned into legacy encodings by the tests).
inline std::string Encode(std::string_view utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw std::runtime_error(std::string("iconv cannot encode ") + charset);
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t r = iconv(cd, &in, &in_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) throw std::runtime_error(std::string("text not encodable in ") + charset);
  out.resize(out.size() - dst_left);
  return out;
}

// `s` with every occurrence of `from` replaced by `to`.
inline std::string Replace(std::string s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

}  // namespace caravan::extract::testing
