#include "crawler/fetch/sniff.h"

#include <array>

#include "common/ascii.h"

namespace caravan::fetch {
namespace {

using namespace std::string_view_literals;  // magic numbers contain NUL bytes

// The standard reads at most this much of the resource.
constexpr size_t kSniffBytes = 1445;

struct Magic {
  std::string_view prefix;
  std::string_view type;
};

// Signatures with no text reading: a body starting with one is that type
// whatever the header says.
constexpr std::array<Magic, 12> kMagic = {{
    {"%PDF-"sv, "application/pdf"},
    {"\x89PNG\r\n\x1a\n"sv, "image/png"},
    {"\xff\xd8\xff"sv, "image/jpeg"},
    {"GIF87a"sv, "image/gif"},
    {"GIF89a"sv, "image/gif"},
    {"PK\x03\x04"sv, "application/zip"},
    {"\x1f\x8b\x08"sv, "application/gzip"},
    {"Rar!\x1a\x07"sv, "application/x-rar-compressed"},
    {"\x00\x00\x01\x00"sv, "image/x-icon"},
    {"OggS\x00"sv, "application/ogg"},
    {"ID3"sv, "audio/mpeg"},
    {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"sv, "application/msword"},
}};

// WHATWG "binary data byte": control bytes that never occur in text.
bool IsBinaryByte(unsigned char c) {
  return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
}

bool LooksBinary(std::string_view head) {
  // UTF-16 text is full of NULs but is text; a BOM says so.
  if (head.starts_with("\xfe\xff") || head.starts_with("\xff\xfe")) return false;
  for (unsigned char c : head) {
    if (IsBinaryByte(c)) return true;
  }
  return false;
}

// The first markup of a text body, by the standard's HTML and XML patterns
// plus the feed roots its "unknown type" rules look for.
std::string_view MarkupType(std::string_view head) {
  if (head.starts_with("\xef\xbb\xbf")) head.remove_prefix(3);
  size_t i = head.find_first_not_of(" \t\r\n\f");
  if (i == std::string_view::npos) return "";
  head.remove_prefix(i);
  if (head.starts_with("<?xml")) {
    for (size_t at = head.find('<', 1); at != std::string_view::npos; at = head.find('<', at + 1)) {
      for (std::string_view root : {"<rss", "<feed", "<rdf:rdf"}) {
        if (StartsWithNoCase(head.substr(at), root)) return "application/xml";
      }
    }
    // XHTML also starts with a declaration.
    return head.find("<html") != std::string_view::npos ? "text/html" : "application/xml";
  }
  for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<h1",
                               "<div", "<font", "<table", "<a", "<style", "<title", "<b", "<br", "<p",
                               "<!--"}) {
    if (!StartsWithNoCase(head, tag)) continue;
    // The standard wants a tag-terminating byte after the name.
    char next = head.size() > tag.size() ? head[tag.size()] : ' ';
    if (tag == "<!--" || next == ' ' || next == '>' || next == '\t' || next == '\n' || next == '\r') {
      return "text/html";
    }
  }
  for (std::string_view root : {"<rss", "<feed", "<rdf:rdf", "<urlset", "<sitemapindex"}) {
    if (StartsWithNoCase(head, root)) return "application/xml";
  }
  return "";
}

bool IsGeneric(std::string_view type) {
  return type.empty() || type == "text/plain" || type == "application/octet-stream" ||
         type == "unknown/unknown" || type == "application/unknown" || type == "*/*";
}

bool IsTextual(std::string_view type) {
  return type.starts_with("text/") || type.ends_with("+xml") || type.ends_with("/xml") ||
         type == "application/json" || type.ends_with("+json");
}

}  // namespace

std::string SniffMediaType(std::string_view declared, std::string_view body) {
  std::string_view head = body.substr(0, kSniffBytes);
  for (const Magic& m : kMagic) {
    if (head.starts_with(m.prefix)) return std::string(m.type);
  }
  // Servers prepend junk (a BOM, blank lines, PHP notices) to PDFs; readers
  // find the header within the first KiB. A page that merely mentions
  // "%PDF-" starts with markup.
  if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos && MarkupType(head).empty()) {
    return "application/pdf";
  }
  if (LooksBinary(head)) {
    return IsGeneric(declared) || IsTextual(declared) ? "application/octet-stream" : std::string(declared);
  }
  if (IsGeneric(declared)) {
    std::string_view markup = MarkupType(head);
    if (!markup.empty()) return std::string(markup);
    return declared.empty() || declared == "text/plain" ? "text/plain" : std::string(declared);
  }
  return std::string(declared);
}

bool IsProcessableType(std::string_view t) {
  if (t.starts_with("image/")) return false;  // SVG is XML but no article
  return t == "text/html" || t == "text/plain" || t == "application/pdf" || t == "application/x-pdf" ||
         t == "text/xml" || t == "application/xml" || t.ends_with("+xml") || t == "application/json" ||
         t == "application/feed+json";
}

}  // namespace caravan::fetch
