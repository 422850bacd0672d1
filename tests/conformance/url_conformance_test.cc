// Conformance of crawler/url against ../shared/testdata/url (see its
// README.md): WPT URL parsing and IDNA, crawler-commons resolution, and the
// normalizer sets of crawler-commons and w3lib, which follow other policies
// and are scored only on the cases our policy agrees with.
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawler/url/url.h"
#include "tests/conformance/shared_testdata.h"

namespace caravan::url {
namespace {

using nlohmann::json;

const std::filesystem::path kDataDir = caravan::testing::SharedTestdata("url");

#define SKIP_WITHOUT_DATA() SKIP_WITHOUT_SHARED(kDataDir)


// Pass rate of one file, with the cases left out of the score counted by
// reason so the report says what is skipped and why.
struct Score {
  std::string file;
  int passed = 0;
  int total = 0;
  std::map<std::string, int> skipped = {};
  std::vector<std::string> failures = {};

  void Skip(const std::string& reason) { ++skipped[reason]; }
  void Record(bool ok, const std::string& what) {
    ++total;
    if (ok) {
      ++passed;
    } else if (failures.size() < 30) {
      failures.push_back(what);
    }
  }
  void Report(int floor) const {
    std::cout << file << ": " << passed << "/" << total << " passed\n";
    for (const auto& [reason, n] : skipped) {
      std::cout << "  skipped " << n << ": " << reason << "\n";
    }
    for (const std::string& f : failures) std::cout << "  FAIL " << f << "\n";
    EXPECT_GE(passed, floor) << file << " regressed below its floor";
  }
};

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

bool IsSpecialNonFile(const std::string& scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" ||
         scheme == "ftp";
}

// The WPT "origin" attribute; tuple origins exist only for special
// non-file schemes, and a blob: URL takes the origin of its path.
std::string WptOrigin(const Url& u) {
  if (IsSpecialNonFile(u.scheme)) return u.Origin();
  if (u.scheme == "blob") {
    std::optional<Url> inner = Parse(u.path);
    if (inner && (inner->scheme == "http" || inner->scheme == "https")) return inner->Origin();
  }
  return "null";
}

// Compares every component WPT gives; returns a description of the first
// mismatch, or "" when the case passes.
std::string CheckWpt(const json& c) {
  std::optional<Url> base;
  if (!c["base"].is_null()) {
    base = Parse(c["base"].get<std::string>());
    if (!base) return c.value("failure", false) ? "" : "base did not parse";
  }
  std::optional<Url> u = Parse(c["input"].get<std::string>(), base ? &*base : nullptr);
  if (c.value("failure", false)) return u ? "parsed, want failure: " + u->Serialize() : "";
  if (!u) return "failed to parse";
  const std::string port = u->port >= 0 ? std::to_string(u->port) : "";
  const std::map<std::string, std::string> got = {
      {"href", u->Serialize()},
      {"protocol", u->scheme + ":"},
      {"username", u->username},
      {"password", u->password},
      {"host", u->Authority()},
      {"hostname", u->host},
      {"port", port},
      {"pathname", u->path},
      {"search", u->query && !u->query->empty() ? "?" + *u->query : ""},
      {"hash", u->fragment && !u->fragment->empty() ? "#" + *u->fragment : ""},
      {"origin", WptOrigin(*u)},
  };
  for (const auto& [key, value] : got) {
    if (c.contains(key) && c[key].get<std::string>() != value) {
      return key + " = \"" + value + "\", want \"" + c[key].get<std::string>() + "\"";
    }
  }
  return "";
}

TEST(UrlConformance, WptUrlTestData) {
  SKIP_WITHOUT_DATA();
  Score all{"wpt_urltestdata.jsonl"};
  Score http{"wpt_urltestdata.jsonl (http/https inputs)"};
  for (const json& c : caravan::testing::ReadJsonl(kDataDir / "wpt_urltestdata.jsonl")) {
    const std::string why = CheckWpt(c);
    const std::string what = c["id"].get<std::string>() + " " + json(c["input"]).dump() +
                             (c["base"].is_null() ? "" : " base " + c["base"].dump()) + ": " + why;
    all.Record(why.empty(), what);
    const std::string protocol = Str(c, "protocol");
    if (protocol == "http:" || protocol == "https:") http.Record(why.empty(), what);
  }
  all.Report(/*floor=*/890);
  http.Report(/*floor=*/247);
}

TEST(UrlConformance, WptToAscii) {
  SKIP_WITHOUT_DATA();
  Score s{"wpt_toascii.jsonl"};
  for (const json& c : caravan::testing::ReadJsonl(kDataDir / "wpt_toascii.jsonl")) {
    // As WPT does: the host of "https://{input}/x".
    std::optional<Url> u = Parse("https://" + c["input"].get<std::string>() + "/x");
    const bool want_failure = c["output"].is_null();
    bool ok;
    std::string got = u ? u->host : "<failure>";
    if (want_failure) {
      ok = !u;
    } else {
      ok = u && u->host == c["output"].get<std::string>();
    }
    s.Record(ok, c["id"].get<std::string>() + " " + c["input"].dump() + " -> " + got +
                     ", want " + c["output"].dump());
  }
  // Known failures: ICU 72 implements UTS #46 for Unicode 15.0, while WPT
  // expects the Unicode 15.1/16 mapping table (U+1E9E -> "ß" instead of
  // "ss"; U+04C0, U+2183, U+36FC mapped; U+180E, U+206B ignored).
  s.Report(/*floor=*/79);
}

TEST(UrlConformance, CrawlerCommonsResolve) {
  SKIP_WITHOUT_DATA();
  Score s{"crawler_commons_resolve.jsonl"};
  for (const json& c : caravan::testing::ReadJsonl(kDataDir / "crawler_commons_resolve.jsonl")) {
    std::optional<std::string> got;
    if (c["base"].is_null()) {
      if (std::optional<Url> u = Parse(c["input"].get<std::string>())) got = u->Serialize();
    } else {
      got = Resolve(c["base"].get<std::string>(), c["input"].get<std::string>());
    }
    s.Record(got == c["expected"].get<std::string>(),
             c["id"].get<std::string>() + " got " + got.value_or("<failure>"));
  }
  s.Report(/*floor=*/22);
}

// Our normalizer's policy differs from crawler-commons' and w3lib's in
// documented ways; a case showing only such a difference is skipped with
// that reason rather than counted as a failure.
struct PolicySkip {
  std::string reason;
  std::function<bool(const json&)> applies;
};

std::string Input(const json& c) { return c["input"].is_string() ? c["input"].get<std::string>() : ""; }
bool Has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

void RunNormalizerFile(const std::string& file, const std::vector<PolicySkip>& skips, int floor) {
  Score s{file};
  for (const json& c : caravan::testing::ReadJsonl(kDataDir / file)) {
    const PolicySkip* skip = nullptr;
    for (const PolicySkip& p : skips) {
      if (p.applies(c)) {
        skip = &p;
        break;
      }
    }
    if (skip != nullptr) {
      s.Skip(skip->reason);
      continue;
    }
    NormalizeOptions options;
    if (c.contains("options") && c["options"].contains("queryParamsToRemove")) {
      for (const json& p : c["options"]["queryParamsToRemove"]) {
        options.strip_params.push_back(p.get<std::string>());
      }
    }
    std::optional<std::string> got = Normalize(Input(c), options);
    std::optional<std::string> want;
    if (c["expected"].is_string()) want = c["expected"].get<std::string>();
    s.Record(got == want, c["id"].get<std::string>() + " " + c["input"].dump() + " -> " +
                              got.value_or("<rejected>") + ", want " + want.value_or("<rejected>"));
  }
  s.Report(floor);
}

std::string SchemeOf(const std::string& s) {
  size_t colon = s.find(':');
  std::string scheme = colon == std::string::npos ? "" : s.substr(0, colon);
  for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return scheme;
}

// Sorted-query policies: the expectation differs from the input's order.
bool ReordersQuery(const json& c) {
  if (!c["expected"].is_string()) return false;
  const std::string in = Input(c), out = c["expected"].get<std::string>();
  auto params = [](const std::string& u) {
    size_t q = u.find('?');
    std::vector<std::string> v;
    if (q == std::string::npos) return v;
    std::string query = u.substr(q + 1, u.find('#') == std::string::npos ? std::string::npos
                                                                          : u.find('#') - q - 1);
    size_t start = 0;
    while (start <= query.size()) {
      size_t amp = query.find_first_of("&;", start);
      if (amp == std::string::npos) amp = query.size();
      std::string piece = query.substr(start, amp - start);
      std::string name = piece.substr(0, piece.find('='));
      if (!name.empty()) v.push_back(name);
      start = amp + 1;
    }
    return v;
  };
  std::vector<std::string> a = params(in), b = params(out);
  if (b.size() < 2) return false;
  std::vector<std::string> a_kept;
  for (const std::string& name : a) {
    if (std::find(b.begin(), b.end(), name) != b.end()) a_kept.push_back(name);
  }
  return a_kept != b;
}

TEST(UrlConformance, CrawlerCommonsNormalizer) {
  SKIP_WITHOUT_DATA();
  const std::vector<PolicySkip> skips = {
      {"scheme other than http(s) or none: Normalize() accepts only http and https",
       [](const json& c) {
         const std::string s = SchemeOf(Input(c));
         return s != "http" && s != "https";
       }},
      {"IDN output options (UNICODE/NONE): we always emit punycode",
       [](const json& c) { return c.contains("options") && c["options"].contains("idnNormalization"); }},
      {"sorted query parameters: we keep their order (positional parameters exist)",
       ReordersQuery},
      {"'//' collapsed in paths: empty segments can be meaningful to a server",
       [](const json& c) {
         const std::string in = Input(c);
         const size_t authority = in.find("://");
         if (authority == std::string::npos) return false;
         const size_t path = in.find('/', authority + 3);
         if (path == std::string::npos) return false;
         return Has(in.substr(path, in.find_first_of("?#", path) - path), "//");
       }},
      {"'b=' rewritten to 'b': a blank value is kept as written",
       [](const json& c) {
         const std::string in = Input(c);
         return c["expected"].is_string() &&
                (Has(in, "=&") || in.ends_with("=") || Has(in, "&=") || Has(in, "?="));
       }},
      {"IPv4-mapped IPv6 kept dotted: WHATWG serializes [::ffff:127.0.0.1] as [::ffff:7f00:1]",
       [](const json& c) { return Has(Input(c), "::ffff:"); }},
  };
  RunNormalizerFile("crawler_commons_normalizer.jsonl", skips, /*floor=*/109);
}

TEST(UrlConformance, W3libCanonicalizeUrl) {
  SKIP_WITHOUT_DATA();
  const std::vector<PolicySkip> skips = {
      {"input given as non-UTF-8 bytes", [](const json& c) { return c["input"].is_null(); }},
      {"keyword options (keep_fragments, keep_blank_values, encoding, query_separator) have no "
       "equivalent",
       [](const json& c) { return c.contains("options") && !c["options"].empty(); }},
      {"relative input: Normalize() takes absolute URLs",
       [](const json& c) { return SchemeOf(Input(c)).empty(); }},
      {"scheme other than http(s): Normalize() accepts only http and https",
       [](const json& c) {
         const std::string s = SchemeOf(Input(c));
         return !s.empty() && s != "http" && s != "https";
       }},
      {"sorted query parameters: we keep their order", ReordersQuery},
      {"userinfo kept by w3lib: we drop credentials",
       [](const json& c) { return Has(Input(c), "@"); }},
      {"query re-encoded as form data (space -> '+', ',' -> %2C, blank '=' added)",
       [](const json& c) {
         const std::string e = c["expected"].get<std::string>();
         return Has(Input(c), " space") || Has(Input(c), "%20space") || Has(e, "%2C4=") ||
                Has(e, "&c=");
       }},
      {"reserved escapes decoded by w3lib (%2C -> ','): RFC 3986 6.2.2.2 decodes only unreserved",
       [](const json& c) { return Has(Input(c), "%2c"); }},
      {"w3lib leaves a host it cannot IDNA-encode (empty or over-long label) in Unicode; we apply "
       "UTS #46, which allows both",
       [](const json& c) { return Has(c.value("note", ""), "DNS label"); }},
  };
  RunNormalizerFile("w3lib_canonicalize_url.jsonl", skips, /*floor=*/40);
}

}  // namespace
}  // namespace caravan::url
