// Generated documents for store_bench: articles of 2-20 KB of text in
// English, Russian, Turkish, Kazakh and Chinese from 200 sources over two
// years, with the fields a crawled page has (URLs, title, authors,
// published and fetched times, description, tags, outlinks, images,
// topics, fetch record) and an HTML body around the text.
//
// Words come from a few hundred per language, function words first, drawn
// with Zipf-like frequencies; content words are inflected now and then
// (Russian, Turkish and Kazakh endings, English plurals), and names and
// numbers from long-tailed pools make the rare terms a real index has.
// Stock phrases of the field ("middle corridor", "шанхайская организация
// сотрудничества", "一带一路倡议") recur as they do in the news, and are
// what the phrase searches look for. Chinese is runs of characters with no
// spaces, words of one to four characters.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "caravan/v1/document.pb.h"

namespace caravan::bench {

// A Zipf-like choice of 0..n-1: rank r with weight 1 / (r + 1 + shift)^s.
class Zipf {
 public:
  Zipf(size_t n, double s, double shift = 0);
  size_t operator()(std::mt19937_64& rng) const;
  double Share(size_t rank) const;  // probability of `rank`

 private:
  std::vector<double> cdf_;
};

struct Language {
  std::string code;                  // "en"
  std::vector<std::string> words;    // by rank, function words first
  size_t function_words = 0;         // the first this many are never inflected
  std::vector<std::string> phrases;  // stock phrases, lowercase
  std::vector<std::string> names;    // long-tailed pool of names, by rank
  bool cjk = false;                  // no spaces between words
};

struct Source {
  std::string name;  // "steppe-review-12"
  std::string host;  // "steppe-review-12.kz"
  std::string site_name;
  std::string primary;         // language code
  std::string secondary;       // "" or another language code
  double secondary_share = 0;  // of its documents
  std::string nav_html;        // boilerplate of its pages
};

struct Generated {
  caravan::v1::Document doc;  // id, content_hash and fetched_at set, as Put wants
  std::string raw;            // the HTML page it came from
};

class Corpus {
 public:
  // `docs` spreads publication times over two years in ingest order.
  Corpus(uint64_t seed, int64_t docs);

  // The next document (ingest order); not thread-safe.
  Generated Next();

  const std::vector<Language>& languages() const { return languages_; }
  const std::vector<Source>& sources() const { return sources_; }
  const Language& language(const std::string& code) const;
  double SourceShare(size_t rank) const { return source_zipf_.Share(rank); }

  // Content words of a language (after the function words), for queries.
  std::string ContentWord(const std::string& code, std::mt19937_64& rng) const;
  std::string Name(const std::string& code, std::mt19937_64& rng) const;

  static constexpr int64_t kEndMs = 1'795'996'800'000;  // 2026-12-01T00:00:00Z
  static constexpr int64_t kSpanMs = 2 * 365LL * 86'400'000;

 private:
  std::string Word(const Language& lang);
  std::string Sentence(const Language& lang, int words);
  std::string Paragraph(const Language& lang);
  std::string Title(const Language& lang);

  std::mt19937_64 rng_;
  int64_t docs_;
  int64_t next_ = 0;
  std::vector<Language> languages_;
  std::vector<Zipf> word_zipf_;  // per language
  std::vector<Zipf> name_zipf_;
  std::vector<Source> sources_;
  Zipf source_zipf_;
};

}  // namespace caravan::bench
