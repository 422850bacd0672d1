#include "extract/charset.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <cerrno>

#include "extract/text_util.h"

namespace caravan::extract {
namespace {

constexpr size_t kMetaScanBytes = 4096;
// uchardet settles long before this; feeding whole pages only costs time.
constexpr size_t kDetectBytes = 64 * 1024;

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Finds charset= inside <meta ...> tags of the page's head; "" if none.
std::string MetaCharset(std::string_view body) {
  std::string head = AsciiLowerCopy(body.substr(0, std::min(body.size(), kMetaScanBytes)));
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) end = head.size();
    std::string_view tag(head.data() + pos, end - pos);
    pos = end;
    size_t cs = tag.find("charset");
    if (cs == std::string_view::npos) continue;
    size_t i = cs + 7;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r')) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '"' || tag[i] == '\'')) ++i;
    size_t start = i;
    while (i < tag.size() && tag[i] != '"' && tag[i] != '\'' && tag[i] != ';' && tag[i] != ' ' &&
           tag[i] != '/' && tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r') {
      ++i;
    }
    if (i > start) return std::string(tag.substr(start, i - start));
  }
  return "";
}

std::string Detect(std::string_view body) {
  uchardet_t ud = uchardet_new();
  if (ud == nullptr) return "";
  std::string_view sample = body.substr(0, std::min(body.size(), kDetectBytes));
  uchardet_handle_data(ud, sample.data(), sample.size());
  uchardet_data_end(ud);
  std::string name = uchardet_get_charset(ud);
  uchardet_delete(ud);
  return name;
}

// Converts with iconv, replacing undecodable bytes by U+FFFD; false if
// iconv does not know `charset`.
bool Convert(std::string_view in, const std::string& charset, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  out->reserve(in.size() + in.size() / 2);
  char buf[16384];
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  while (src_left > 0) {
    char* dst = buf;
    size_t dst_left = sizeof buf;
    size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    out->append(buf, dst - buf);
    if (r != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    out->append(kReplacementChar);
    if (errno == EINVAL) break;  // truncated sequence at the end
    ++src;                       // EILSEQ: skip one byte and resynchronise
    --src_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  iconv_close(cd);
  return true;
}

bool IsUtf8Name(const std::string& name) { return name == "UTF-8"; }

}  // namespace

std::string CanonicalCharset(std::string_view label) {
  std::string l = AsciiLowerCopy(TrimAscii(label));
  if (l.size() >= 2 && (l.front() == '"' || l.front() == '\'')) l = l.substr(1, l.size() - 2);
  if (l.empty()) return "";
  if (l == "utf8" || l == "utf-8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8") return "UTF-8";
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "gb_2312-80" || l == "cp936" || l == "euc-cn" ||
      l == "chinese" || l == "csgb2312" || l == "gb18030" || l == "windows-936") {
    return "GB18030";
  }
  if (l == "big5" || l == "big5-hkscs" || l == "cn-big5" || l == "x-x-big5" || l == "csbig5") {
    return "BIG5-HKSCS";
  }
  // WHATWG decodes latin1 and ascii labels as windows-1252, and latin5 as
  // windows-1254: pages labelled so use the C1 range for punctuation.
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "l1" || l == "us-ascii" ||
      l == "ascii" || l == "cp1252" || l == "x-cp1252" || l == "windows-1252" || l == "cp819" ||
      l == "iso_8859-1") {
    return "WINDOWS-1252";
  }
  if (l == "iso-8859-9" || l == "iso8859-9" || l == "latin5" || l == "cp1254" || l == "x-cp1254" ||
      l == "windows-1254") {
    return "WINDOWS-1254";
  }
  if (l == "cp1251" || l == "x-cp1251" || l == "windows-1251" || l == "win-1251") return "WINDOWS-1251";
  if (l == "koi8-r" || l == "koi8r" || l == "koi" || l == "koi8") return "KOI8-R";
  if (l == "koi8-u" || l == "koi8-ru") return "KOI8-U";
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" ||
      l == "windows-31j") {
    return "CP932";
  }
  if (l == "euc-kr" || l == "ks_c_5601-1987" || l == "windows-949" || l == "cp949") return "CP949";
  if (l == "utf-16" || l == "utf-16le" || l == "unicode") return "UTF-16LE";
  if (l == "utf-16be") return "UTF-16BE";
  std::string upper = l;
  for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return upper;
}

bool IsValidUtf8(std::string_view s) { return ValidUtf8Prefix(s) == s.size(); }

std::string ToUtf8(std::string_view body, std::string_view header_charset, std::string* used) {
  auto done = [&](const std::string& name, std::string text) {
    if (used != nullptr) *used = name;
    return text;
  };
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") {
    return done("UTF-8", RepairUtf8(body.substr(3)));
  }
  std::string out;
  if (body.size() >= 2 && body.substr(0, 2) == "\xFF\xFE" && Convert(body.substr(2), "UTF-16LE", &out)) {
    return done("UTF-16LE", std::move(out));
  }
  if (body.size() >= 2 && body.substr(0, 2) == "\xFE\xFF" && Convert(body.substr(2), "UTF-16BE", &out)) {
    return done("UTF-16BE", std::move(out));
  }

  bool valid_utf8 = IsValidUtf8(body);
  std::string declared = CanonicalCharset(header_charset);
  if (declared.empty()) {
    declared = CanonicalCharset(MetaCharset(body));
    // A meta tag readable as ASCII cannot be in UTF-16, whatever it says
    // (browsers read such pages as UTF-8).
    if (declared.starts_with("UTF-16")) declared = "UTF-8";
  }
  if (!declared.empty() && !IsUtf8Name(declared) && valid_utf8 && !IsAscii(body)) {
    declared = "UTF-8";
  }
  if (declared.empty()) {
    if (valid_utf8) return done("UTF-8", std::string(body));
    declared = CanonicalCharset(Detect(body));
    // uchardet answers ASCII (or nothing) for plain text with a few stray
    // bytes; UTF-8 with replacements is the least damaging reading then.
    if (declared.empty() || declared == "ASCII") declared = "UTF-8";
  }
  if (IsUtf8Name(declared)) {
    return done("UTF-8", valid_utf8 ? std::string(body) : RepairUtf8(body));
  }
  if (Convert(body, declared, &out)) {
    // glibc passes code points above U+10FFFF through its UTF-8 aliases
    // ("$utf-8", "utf8//"), and they are no UTF-8.
    return done(declared, IsValidUtf8(out) ? std::move(out) : RepairUtf8(out));
  }
  return done("UTF-8", RepairUtf8(body));
}

}  // namespace caravan::extract
