// make bench-dedup: the cost of finding a page's near-duplicates as the
// store grows. Stores --docs generated articles through DocumentStore::Put
// (sketch and index writes included), then times lookups as the
// deduplicator makes them (NearCandidates, then IsNearDuplicate on each
// candidate) for edited copies of stored articles and for new ones.
//
// The articles are words drawn from a Zipf-like vocabulary with stock
// phrases mixed in, so that common shingles fill some index buckets, as
// "according to the ministry" does in real news.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "dedup/sketch.h"
#include "storage/document_store.h"

namespace {

using Clock = std::chrono::steady_clock;

class TextMaker {
 public:
  explicit TextMaker(uint64_t seed) : rng_(seed) {
    for (int i = 0; i < 50'000; ++i) {
      std::string w;
      for (int n = i; n > 0 || w.empty(); n /= 26) w.push_back(static_cast<char>('a' + n % 26));
      words_.push_back(w + "o");
    }
    for (int i = 0; i < 300; ++i) {
      std::string p;
      for (int k = 0; k < 6; ++k) p += Word() + " ";
      phrases_.push_back(p);
    }
  }
  std::string Word() {
    // Zipf-like: a few words very often, most rarely.
    double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    return words_[static_cast<size_t>(std::pow(words_.size(), u)) - 1];
  }
  std::string Paragraph(int words) {
    std::string p;
    for (int i = 0; i < words; ++i) {
      if (std::uniform_int_distribution<int>(0, 19)(rng_) == 0) {
        p += phrases_[std::uniform_int_distribution<size_t>(0, phrases_.size() - 1)(rng_)];
      }
      p += Word() + " ";
    }
    return p + "\n\n";
  }
  std::string Article() {
    std::string a;
    for (int i = 0; i < 5; ++i) a += Paragraph(40);
    return a;
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> words_;
  std::vector<std::string> phrases_;
};

struct Lookup {
  double us;
  size_t candidates;
  bool found;
};

Lookup Find(const caravan::storage::DocumentStore& store, const std::string& text) {
  auto start = Clock::now();
  caravan::dedup::Sketch sketch = caravan::dedup::SketchOf(text);
  auto candidates = store.NearCandidates(sketch);
  bool found = false;
  for (const auto& [id, candidate] : candidates) found = found || caravan::dedup::IsNearDuplicate(sketch, candidate);
  double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  return {us, candidates.size(), found};
}

void Report(const char* what, std::vector<Lookup> lookups) {
  std::sort(lookups.begin(), lookups.end(), [](const Lookup& a, const Lookup& b) { return a.us < b.us; });
  double sum = 0, candidates = 0;
  size_t found = 0;
  for (const Lookup& l : lookups) sum += l.us, candidates += l.candidates, found += l.found;
  std::printf("  %-16s %5zu lookups: mean %7.0f us, p50 %7.0f us, p99 %7.0f us; %.1f candidates read; "
              "%zu found a near-duplicate\n",
              what, lookups.size(), sum / lookups.size(), lookups[lookups.size() / 2].us,
              lookups[lookups.size() * 99 / 100].us, candidates / lookups.size(), found);
}

uint64_t DirBytes(const std::filesystem::path& dir) {
  uint64_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"near-duplicate lookup cost as the store grows"};
  int docs = 100'000;
  int queries = 500;
  std::string dir = "/tmp/caravan-near-bench";
  app.add_option("--docs", docs, "articles to store");
  app.add_option("--queries", queries, "lookups of each kind");
  app.add_option("--dir", dir, "scratch data directory (emptied first)");
  CLI11_PARSE(app, argc, argv);

  std::filesystem::remove_all(dir);
  std::string error;
  auto db = caravan::storage::Database::Open(dir, &error);
  if (!db) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  caravan::storage::DocumentStore store(db.get());
  TextMaker maker(42);
  std::vector<std::string> sample;  // stored texts to copy later
  auto start = Clock::now();
  for (int i = 0; i < docs; ++i) {
    caravan::v1::Document doc;
    doc.set_id(std::to_string(1'000'000'000 + i));
    doc.set_source("site-" + std::to_string(i % 200));
    doc.set_text(maker.Article());
    doc.set_content_hash(std::to_string(i));
    if (static_cast<int>(sample.size()) < queries && i % std::max(1, docs / queries) == 0) sample.push_back(doc.text());
    if (!store.Put(doc, "", &error)) {
      std::fprintf(stderr, "put %d: %s\n", i, error.c_str());
      return 1;
    }
  }
  double put_s = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("near_lookup_bench: %d articles of ~200 words stored in %.1f s (%.0f puts/s, sketch and index "
              "included); data directory %.0f MiB\n",
              docs, put_s, docs / put_s, DirBytes(dir) / 1048576.0);

  std::vector<Lookup> copies, fresh;
  for (const std::string& text : sample) {
    // An edited reprint: a paragraph added, the first sentence cut.
    std::string copy = text.substr(text.find(' ') + 1) + maker.Paragraph(30);
    copies.push_back(Find(store, copy));
  }
  for (int i = 0; i < queries; ++i) fresh.push_back(Find(store, maker.Article()));
  Report("edited copies", copies);
  Report("new articles", fresh);
  db.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
