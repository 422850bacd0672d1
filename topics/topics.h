// What a document is about, from a multilingual lexicon compiled in
// (topics/lexicon.txt): the Central Asian states and their neighbours, the
// Belt and Road and its corridors, and the fields sources write on
// (energy, transport, trade, finance, security, diplomacy).
//
// A term counts each time it occurs in the case-folded text, three times in
// the title; a topic whose count reaches kMinTopicScore is the document's.
// Terms are whole words, or word starts when written with a trailing '*'
// (for inflected languages); CJK terms match anywhere.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::topics {

inline constexpr int kTitleWeight = 3;
inline constexpr int kMinTopicScore = 3;

struct TopicScore {
  std::string name;
  int score = 0;
};

// The document's topics, highest score first (ties by name).
std::vector<TopicScore> Classify(std::string_view title, std::string_view text);

// Every topic with any match, and how often each of its terms matched (in
// the title and text together, unweighted), for `caravanctl topics explain`.
struct Explanation {
  std::string topic;
  int score = 0;
  std::map<std::string, int> terms;
};
std::vector<Explanation> Explain(std::string_view title, std::string_view text);

// A hash of the compiled lexicon: documents tagged under another one are
// tagged again when the store opens.
const std::string& LexiconVersion();

// The topic names of the lexicon, in file order.
const std::vector<std::string>& TopicNames();

// What is wrong with the compiled lexicon ("lexicon.txt:12: term outside a
// topic"); empty when nothing is.
const std::vector<std::string>& LexiconProblems();

}  // namespace caravan::topics
