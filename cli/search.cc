// caravanctl search: full-text search from the command line, and the
// rebuild of the index.
#include <unistd.h>

#include <iostream>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "cli/client.h"
#include "common/proto_time.h"
#include "common/time.h"

namespace caravan::cli {
namespace {

struct SearchArgs {
  std::string query, source, language, topic, since, order = "relevance", format = "table";
  int limit = 20;
  bool include_copies = false, rebuild = false;
};

// The snippet's HTML as terminal text: matches in bold on a terminal,
// between asterisks otherwise, entities decoded.
std::string Plain(std::string_view html, bool tty) {
  std::string out;
  for (size_t i = 0; i < html.size();) {
    auto starts = [&](std::string_view s) { return html.substr(i, s.size()) == s; };
    if (starts("<b>") || starts("</b>")) {
      out += tty ? (starts("<b>") ? "\033[1m" : "\033[0m") : "*";
      i += starts("<b>") ? 3 : 4;
    } else if (starts("&amp;") || starts("&lt;") || starts("&gt;") || starts("&quot;") || starts("&#39;")) {
      static const std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
      for (const auto& [name, c] : kEntities) {
        if (starts(name)) {
          out += c;
          i += name.size();
          break;
        }
      }
    } else {
      out += html[i++];
    }
  }
  return out;
}

int Rebuild(const Options& o) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::RebuildSearchResponse response;
  grpc::ClientContext context;
  if (grpc::Status s = stub->RebuildSearch(&context, {}, &response); !s.ok()) return Fail(o, s);
  std::cout << "search index rebuilt: " << response.documents() << " documents\n";
  return 0;
}

int Search(const Options& o, const SearchArgs& a) {
  if (a.rebuild) return Rebuild(o);
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  caravan::v1::SearchRequest request;
  request.set_query(a.query);
  request.set_source(a.source);
  request.set_language(a.language);
  request.set_topic(a.topic);
  request.set_include_copies(a.include_copies);
  request.set_order(a.order == "newest" ? caravan::v1::SearchRequest::NEWEST : caravan::v1::SearchRequest::RELEVANCE);
  request.set_page_size(a.limit);
  if (!a.since.empty()) {
    std::optional<int64_t> since = ParseSince(a.since, NowMs());
    if (!since) {
      std::cerr << "caravanctl search: --since '" << a.since << "' is no age (30d) nor date (2024-09-01)\n";
      return 2;
    }
    SetTimestampMs(request.mutable_published_after(), *since);
  }
  caravan::v1::SearchResponse response;
  grpc::ClientContext context;
  if (grpc::Status s = stub->Search(&context, request, &response); !s.ok()) return Fail(o, s);
  if (a.format == "json") {
    std::cout << Json(response, true);
    return 0;
  }
  const bool tty = isatty(STDOUT_FILENO);
  std::cout << response.estimated_total() << " found\n";
  for (const auto& h : response.hits()) {
    std::string day = h.has_published() ? FormatRfc3339(TimestampMs(h.published())).substr(0, 10) : "-";
    std::cout << "\n" << h.id() << "  " << day << "  " << h.source() << "  " << h.language() << "\n"
              << h.title() << "\n" << h.url() << "\n" << Plain(h.snippet(), tty) << "\n";
  }
  return 0;
}

}  // namespace

void RegisterSearch(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("search", "full-text search over titles and texts");
  auto a = std::make_shared<SearchArgs>();
  cmd->add_option("QUERY", a->query, "words, \"a phrase\", AND, OR, NOT, -word, title:word");
  cmd->add_option("--source", a->source, "only this source");
  cmd->add_option("--language", a->language, "only this language; its stemmer reads the query");
  cmd->add_option("--topic", a->topic, "only documents with this topic");
  cmd->add_option("--since", a->since, "only documents published since: an age (30d) or a date (2024-09-01)");
  cmd->add_option("--order", a->order, "relevance or newest")->check(CLI::IsMember({"relevance", "newest"}));
  cmd->add_option("--limit", a->limit, "at most this many hits (1-1000)")->check(CLI::Range(1, 1000));
  cmd->add_flag("--include-copies", a->include_copies, "also documents that are copies of another");
  cmd->add_option("--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("--rebuild", a->rebuild, "empty the index and index every stored document again");
  cmd->callback([&o, a] { o.exit_code = Search(o, *a); });
}

}  // namespace caravan::cli
