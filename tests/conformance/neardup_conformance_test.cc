// Near-duplicate detection on trendmicro/tlsh's labelled pairs (edited
// copies and different documents; ../shared/testdata/neardup). Prints
// precision and recall; the floors below are what the sketch rule reached
// when it was written, so a change that loses copies or merges strangers fails.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "dedup/sketch.h"
#include "tests/conformance/shared_testdata.h"

namespace caravan::dedup {
namespace {

// The documents are Windows-1252/Latin-1 text; the sketch reads UTF-8.
std::string ReadLatin1(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string utf8;
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      utf8.push_back(static_cast<char>(c));
    } else {
      utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
      utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return utf8;
}

struct Counts {
  int tp = 0, fn = 0, fp = 0, tn = 0;
  void Add(bool truth, bool said) { (truth ? (said ? tp : fn) : (said ? fp : tn))++; }
  double Precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn); }
};

TEST(NearDupConformance, TlshLabelledPairs) {
  const auto dir = caravan::testing::SharedTestdata("neardup");
  SKIP_WITHOUT_SHARED(dir);
  std::map<std::string, Sketch> sketches;
  auto sketch = [&](const std::string& path) -> const Sketch& {
    auto it = sketches.find(path);
    if (it == sketches.end()) it = sketches.emplace(path, SketchOf(ReadLatin1(dir / path))).first;
    return it->second;
  };
  Counts strong, weak;
  for (const auto& c : caravan::testing::ReadJsonl(dir / "pairs.jsonl")) {
    bool said = IsNearDuplicate(sketch(c["a"]), sketch(c["b"]));
    bool truth = c["near_duplicate"].get<bool>();
    (c.value("label_strength", "strong") == "weak" ? weak : strong).Add(truth, said);
    if (truth != said) {
      Similarity s = Compare(sketch(c["a"]), sketch(c["b"]));
      std::printf("  %s %s (%s): said %s; jaccard %.2f containment %.2f simhash %d bits\n",
                  c["id"].get<std::string>().c_str(), c["kind"].get<std::string>().c_str(),
                  c["label"].get<std::string>().c_str(), said ? "copy" : "different", s.jaccard,
                  s.containment, s.simhash_bits);
    }
  }
  std::printf("neardup strong pairs: precision %.3f recall %.3f (tp %d fn %d fp %d tn %d)\n",
              strong.Precision(), strong.Recall(), strong.tp, strong.fn, strong.fp, strong.tn);
  std::printf("neardup weak pairs (same lines sorted): recall %.3f (%d of %d)\n", weak.Recall(), weak.tp,
              weak.tp + weak.fn);
  EXPECT_EQ(strong.fp + weak.fp, 0);
  EXPECT_GE(strong.Recall(), 0.95);
}

TEST(NearDupConformance, NoTwoOfTheOriginalsAreTakenForCopies) {
  const auto dir = caravan::testing::SharedTestdata("neardup");
  SKIP_WITHOUT_SHARED(dir);
  std::vector<std::pair<std::string, Sketch>> originals;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "docs" / "originals")) {
    originals.emplace_back(entry.path().filename().string(), SketchOf(ReadLatin1(entry.path())));
  }
  int pairs = 0, merged = 0;
  for (size_t i = 0; i < originals.size(); ++i) {
    for (size_t j = i + 1; j < originals.size(); ++j) {
      ++pairs;
      if (IsNearDuplicate(originals[i].second, originals[j].second)) {
        ++merged;
        Similarity s = Compare(originals[i].second, originals[j].second);
        std::printf("  %s ~ %s: jaccard %.2f containment %.2f simhash %d bits\n", originals[i].first.c_str(),
                    originals[j].first.c_str(), s.jaccard, s.containment, s.simhash_bits);
      }
    }
  }
  std::printf("neardup originals: %d of %d pairs taken for copies\n", merged, pairs);
  EXPECT_GE(pairs, 3000);
  EXPECT_EQ(merged, 0);
}

}  // namespace
}  // namespace caravan::dedup
