#include "cli/commands.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "common/time.h"
#include "common/word_diff.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/robots/robots.h"
#include "crawler/url/url.h"
#include "extract/article.h"
#include "cli/client.h"
#include "extract/batch.h"
#include "storage/database.h"
#include "templates/site_templates.h"
#include "topics/topics.h"

namespace caravan::cli {
namespace {

// The publication day as the publisher printed it, in its own zone.
std::string PublishedDay(const caravan::v1::Document& d) {
  if (d.published().seconds() == 0) return "-";
  return FormatRfc3339(d.published().seconds() * 1000, d.published_offset_min()).substr(0, 10);
}

size_t Columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// `s` cut to `width` terminal columns (on a UTF-8 boundary, with an
// ellipsis) and padded with spaces to exactly `width`. setw counts bytes,
// which misaligns Cyrillic and Chinese titles.
std::string Cell(const std::string& s, size_t width, bool pad = true) {
  std::string out;
  if (Columns(s) <= width) {
    out = s;
  } else {
    size_t columns = 0, i = 0;
    while (i < s.size() && columns < width - 1) {
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      ++columns;
    }
    out = s.substr(0, i) + "…";
  }
  if (pad) out.append(width - std::min(width, Columns(out)), ' ');
  return out;
}

// Lists the documents `request` selects, all pages of them up to `limit`.
int DocsList(const Options& o, caravan::v1::ListDocumentsRequest request, const std::string& format, int limit) {
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  request.set_omit_text(format == "table");
  int shown = 0;
  if (format == "table") {
    std::cout << std::left << std::setw(34) << "ID" << std::setw(24) << "SOURCE" << std::setw(6) << "LANG"
              << std::setw(12) << "PUBLISHED" << "TITLE\n";
  }
  while (limit <= 0 || shown < limit) {
    request.set_page_size(limit > 0 ? std::min(1000, limit - shown) : 1000);
    caravan::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    grpc::Status status = stub->List(&context, request, &response);
    if (!status.ok()) return Fail(o, status);
    for (const auto& d : response.documents()) {
      if (format == "jsonl") {
        std::cout << Json(d, false) << "\n";
      } else {
        std::cout << std::left << std::setw(34) << d.id() << Cell(d.source(), 23) << ' ' << std::setw(6)
                  << (d.language().empty() ? "-" : d.language()) << std::setw(12) << PublishedDay(d)
                  << Cell(d.title(), 80, /*pad=*/false) << "\n";
        for (const auto& file : d.attached()) {
          std::cout << "  + attachment " << file.id() << "  " << file.content_type() << "  "
                    << Cell(file.title(), 60, /*pad=*/false) << "\n";
        }
      }
      ++shown;
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return 0;
}

// Reads document `id_or_url` at `version` (0: latest) into `doc`.
grpc::Status GetDocument(caravan::v1::Documents::Stub* stub, const std::string& id_or_url, uint32_t version,
                         caravan::v1::Document* doc) {
  caravan::v1::GetDocumentRequest request;
  if (id_or_url.rfind("http://", 0) == 0 || id_or_url.rfind("https://", 0) == 0) {
    request.set_url(id_or_url);
  } else {
    request.set_id(id_or_url);
  }
  request.set_version(version);
  grpc::ClientContext context;
  return stub->Get(&context, request, doc);
}

int DocsGet(const Options& o, const std::string& id, uint32_t version, const std::string& format) {
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  caravan::v1::Document doc;
  if (grpc::Status status = GetDocument(stub.get(), id, version, &doc); !status.ok()) return Fail(o, status);
  if (format == "json") {
    std::cout << Json(doc, true);
  } else {
    std::cout << doc.title() << "\n" << doc.canonical_url() << "\n";
    if (!doc.author().empty()) std::cout << "by " << doc.author() << "\n";
    if (doc.has_published()) {
      std::cout << "published " << FormatRfc3339(doc.published().seconds() * 1000, doc.published_offset_min())
                << "\n";
    }
    if (!doc.landing_url().empty()) std::cout << "from " << doc.landing_url() << "\n";
    if (!doc.duplicate_of().empty()) std::cout << "copy of " << doc.duplicate_of() << "\n";
    for (const std::string& copy : doc.copies()) std::cout << "copied by " << copy << "\n";
    if (!doc.attachment_of().empty()) std::cout << "attachment of " << doc.attachment_of() << "\n";
    for (const auto& file : doc.attached()) {
      std::cout << "attachment " << file.id() << " " << file.content_type() << " " << file.url() << "\n";
    }
    if (!doc.translation_group().empty()) std::cout << "translation group " << doc.translation_group() << "\n";
    for (const auto& t : doc.translations()) {
      std::cout << "translation " << t.language() << " " << (t.document_id().empty() ? t.url() : t.document_id())
                << "\n";
    }
    if (doc.topics_size() > 0) {
      std::cout << "topics";
      for (const auto& t : doc.topics()) std::cout << " " << t.name() << " (" << t.score() << ")";
      std::cout << "\n";
    }
    if (!doc.standfirst().empty()) std::cout << "\n" << doc.standfirst() << "\n";
    std::cout << "\n" << doc.text() << "\n";
  }
  return 0;
}

int DocsHistory(const Options& o, const std::string& id_or_url, const std::string& format) {
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  caravan::v1::ListVersionsRequest request;
  if (id_or_url.rfind("http://", 0) == 0 || id_or_url.rfind("https://", 0) == 0) {
    request.set_url(id_or_url);
  } else {
    request.set_id(id_or_url);
  }
  caravan::v1::ListVersionsResponse response;
  grpc::ClientContext context;
  if (grpc::Status s = stub->ListVersions(&context, request, &response); !s.ok()) return Fail(o, s);
  if (format == "json") {
    std::cout << Json(response, true);
    return 0;
  }
  std::cout << response.id() << "\n";
  for (const auto& v : response.versions()) {
    const caravan::v1::FetchRecord& f = v.fetch();
    std::cout << std::left << std::setw(4) << v.version() << std::setw(9) << caravan::v1::EventType_Name(v.type())
              << FormatRfc3339(v.fetched_at().seconds() * 1000, 0) << "  HTTP " << f.http_status() << "  "
              << f.body_bytes() << " bytes  " << v.text_bytes() << " chars  extractor "
              << (f.extractor_version().empty() ? "-" : f.extractor_version()) << "\n      "
              << (f.final_url().empty() ? "-" : f.final_url()) << "\n";
    if (!f.etag().empty() || !f.last_modified().empty()) {
      std::cout << "      etag " << (f.etag().empty() ? "-" : f.etag()) << "  last-modified "
                << (f.last_modified().empty() ? "-" : f.last_modified()) << "\n";
    }
  }
  return 0;
}

int DocsDiff(const Options& o, const std::string& id, uint32_t from, uint32_t to) {
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  caravan::v1::Document latest;
  if (grpc::Status s = GetDocument(stub.get(), id, 0, &latest); !s.ok()) return Fail(o, s);
  if (to == 0) to = latest.version();
  if (from == 0) from = to > 1 ? to - 1 : 1;
  caravan::v1::Document before, after;
  if (grpc::Status s = GetDocument(stub.get(), latest.id(), from, &before); !s.ok()) return Fail(o, s);
  if (grpc::Status s = GetDocument(stub.get(), latest.id(), to, &after); !s.ok()) return Fail(o, s);
  auto fetched = [](const caravan::v1::Document& d) { return FormatRfc3339(d.fetched_at().seconds() * 1000, 0); };
  std::cout << "--- " << latest.id() << " version " << from << ", fetched " << fetched(before) << "\n"
            << "+++ " << latest.id() << " version " << to << ", fetched " << fetched(after)
            << (after.deleted() ? " (deleted)" : "") << "\n";
  if (before.title() != after.title()) std::cout << "title: " << WordDiff(before.title(), after.title()) << "\n";
  std::cout << "\n" << WordDiff(before.text(), after.text()) << "\n";
  return 0;
}

int TopicsExplain(const Options& o, const std::string& id) {
  auto stub = caravan::v1::Documents::NewStub(Connect(o));
  caravan::v1::Document doc;
  if (grpc::Status s = GetDocument(stub.get(), id, 0, &doc); !s.ok()) return Fail(o, s);
  std::cout << doc.title() << "\n" << doc.canonical_url() << "\n\n";
  std::vector<topics::Explanation> explained = topics::Explain(doc.title(), doc.text());
  if (explained.empty()) std::cout << "no lexicon term found\n";
  for (const topics::Explanation& e : explained) {
    std::cout << e.topic << "  score " << e.score
              << (e.score >= topics::kMinTopicScore ? "" : "  (below " + std::to_string(topics::kMinTopicScore) + ")")
              << "\n";
    for (const auto& [term, n] : e.terms) std::cout << "    " << term << " x" << n << "\n";
  }
  return 0;
}

int Status(const Options& o, const std::string& format) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::Status status;
  grpc::ClientContext context;
  grpc::Status rpc = stub->GetStatus(&context, caravan::v1::GetStatusRequest(), &status);
  if (!rpc.ok()) return Fail(o, rpc);
  if (format == "json") {
    std::cout << Json(status, true);
    return 0;
  }
  std::cout << "caravand " << status.version() << ", " << status.documents() << " documents, cursor "
            << status.last_cursor() << "\n\n";
  std::cout << std::left << std::setw(24) << "SOURCE" << std::setw(8) << "STATE" << std::setw(7) << "DOCS"
            << std::setw(9) << "UPDATED" << std::setw(7) << "DUPS" << std::setw(9) << "FETCHES" << std::setw(8)
            << "ERRORS" << std::setw(8) << "ROBOTS" << std::setw(8) << "QUEUED" << "LAST ERROR\n";
  for (const auto& s : status.sources()) {
    std::cout << std::left << Cell(s.name(), 23) << ' ' << std::setw(8)
              << (s.paused() ? "paused" : "active") << std::setw(7) << s.documents() << std::setw(9)
              << s.updated() << std::setw(7) << s.duplicates() << std::setw(9) << s.fetches_ok() << std::setw(8)
              << s.fetch_errors() << std::setw(8) << s.robots_denied() << std::setw(8) << s.queued()
              << s.last_error() << "\n";
  }
  // What went wrong, per source, where anything did: the table says how
  // much, these lines say what kind.
  bool header = false;
  for (const auto& s : status.sources()) {
    std::string details;
    auto append = [&details](const std::string& label, const std::map<std::string, int64_t>& counts) {
      if (counts.empty()) return;
      details += (details.empty() ? "" : "; ") + label;
      for (const auto& [k, n] : counts) details += " " + k + "=" + std::to_string(n);
    };
    append("failures", {s.failures().begin(), s.failures().end()});
    append("skipped", {s.skipped().begin(), s.skipped().end()});
    if (s.hosts_suspended_size() > 0) {
      details += (details.empty() ? "" : "; ") + std::string("suspended");
      for (const auto& h : s.hosts_suspended()) details += " " + h;
    }
    if (details.empty()) continue;
    if (!header) std::cout << "\n";
    header = true;
    std::cout << s.name() << ": " << details << "\n";
  }
  if (status.consumers_size() > 0) std::cout << "\n";
  for (const auto& c : status.consumers()) {
    std::cout << "consumer " << c.name() << ": cursor " << c.cursor() << ", " << c.lag_events() << " events ("
              << c.lag_seconds() << " s) behind\n";
  }
  return 0;
}

int SourcesList(const Options& o) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::ListSourcesResponse response;
  grpc::ClientContext context;
  grpc::Status status = stub->ListSources(&context, caravan::v1::ListSourcesRequest(), &response);
  if (!status.ok()) return Fail(o, status);
  for (const auto& s : response.sources()) {
    std::cout << s.name() << "\n";
    for (const auto& u : s.start_urls()) std::cout << "  start   " << u << "\n";
    for (const auto& u : s.feeds()) std::cout << "  feed    " << u << "\n";
    for (const auto& u : s.sitemaps()) std::cout << "  sitemap " << u << "\n";
    std::cout << "  revisit " << s.revisit().seconds() << "s, max_depth " << s.max_depth() << "\n";
  }
  return 0;
}

using SourceRpc = grpc::Status (caravan::v1::Admin::Stub::*)(grpc::ClientContext*,
                                                            const caravan::v1::SourceRequest&,
                                                            caravan::v1::SourceStatus*);

int Reextract(const Options& o, const std::string& source) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::ReextractRequest request;
  request.set_source(source);
  grpc::ClientContext context;
  auto reader = stub->Reextract(&context, request);
  caravan::v1::ReextractProgress progress;
  int64_t failed = 0;
  while (reader->Read(&progress)) {
    std::cout << (progress.done() ? "done: " : "") << progress.examined() << " documents, " << progress.changed()
              << " changed (new versions), " << progress.unchanged() << " unchanged, " << progress.skipped()
              << " skipped" << (progress.failed() > 0 ? ", " + std::to_string(progress.failed()) + " FAILED to store" : "")
              << std::endl;
    failed = progress.failed();
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return Fail(o, status);
  if (failed > 0) std::cerr << "caravanctl: " << failed << " new versions could not be stored; caravand's log says why\n";
  return failed > 0 ? 1 : 0;
}

int SourceAction(const Options& o, SourceRpc rpc, const std::string& name, const char* done) {
  auto stub = caravan::v1::Admin::NewStub(Connect(o));
  caravan::v1::SourceRequest request;
  request.set_name(name);
  caravan::v1::SourceStatus response;
  grpc::ClientContext context;
  grpc::Status status = ((*stub).*rpc)(&context, request, &response);
  if (!status.ok()) return Fail(o, status);
  std::cout << name << ": " << done << "\n";
  return 0;
}

// --site-templates: learns every host's templates from the whole batch in a
// scratch RocksDB, then cleans each page with them, as the crawler would
// once it has seen these pages. Prints how much it removed on stderr.
bool CleanSiteTemplates(const std::vector<std::string>& urls, std::vector<std::string>* texts) {
  std::string dir = (std::filesystem::temp_directory_path() / "caravanctl-templates-XXXXXX").string();
  std::string error;
  if (!mkdtemp(dir.data())) {
    std::cerr << "caravanctl extract --site-templates: cannot create " << dir << ": " << std::strerror(errno)
              << "\n";
    return false;
  }
  std::vector<std::string> hosts;
  for (const std::string& u : urls) hosts.push_back(u.empty() ? "" : url::HostOf(u));
  size_t removed = 0, pages = 0;
  std::set<std::string> all_hosts, cleaned_hosts;
  bool ok = [&] {
    std::unique_ptr<storage::Database> db = storage::Database::Open(dir, &error);
    if (!db) return false;
    templates::SiteTemplates site(db.get(), templates::SiteTemplateOptions());
    for (size_t i = 0; i < texts->size(); ++i) {
      if (hosts[i].empty() || (*texts)[i].empty()) continue;
      all_hosts.insert(hosts[i]);
      if (!site.Learn(hosts[i], (*texts)[i], &error)) return false;
    }
    for (size_t i = 0; i < texts->size(); ++i) {
      std::string& text = (*texts)[i];
      std::string cleaned = site.Clean(hosts[i], text, &error);
      if (!error.empty()) return false;
      if (cleaned == text) continue;
      auto paragraphs = [](std::string_view t) {
        size_t n = 1;
        for (size_t at = t.find("\n\n"); at != std::string_view::npos; at = t.find("\n\n", at + 2)) ++n;
        return n;
      };
      removed += paragraphs(text) - paragraphs(cleaned);
      ++pages;
      cleaned_hosts.insert(hosts[i]);
      text = std::move(cleaned);
    }
    return true;
  }();
  std::filesystem::remove_all(dir);
  if (!ok) {
    std::cerr << "caravanctl extract --site-templates: " << error << "\n";
    return false;
  }
  std::cerr << "site templates: " << removed << " paragraphs removed from " << pages << " of "
            << texts->size() << " pages, " << cleaned_hosts.size() << " of " << all_hosts.size()
            << " hosts\n";
  return true;
}

int ExtractOne(const std::string& path, const std::string& url, const std::string& format) {
  if (format == "json") {
    // The batch contract, for one file: one code path for tools and people.
    nlohmann::json request{{"path", path}};
    if (!url.empty()) request["url"] = url;
    std::istringstream in(request.dump());
    std::ostringstream out;
    extract::RunBatch(in, out);
    nlohmann::json result = nlohmann::json::parse(out.str(), nullptr, false);
    std::cout << result.dump(2) << "\n";
    return result.contains("error") ? 1 : 0;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "caravanctl: cannot read " << path << "\n";
    return 1;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string body = buffer.str();
  extract::Input input;
  input.body = body;
  input.url = url;
  extract::Article a = extract::Extract(input);
  std::cout << a.title << "\n";
  if (!a.authors.empty()) {
    std::cout << "by";
    for (size_t i = 0; i < a.authors.size(); ++i) std::cout << (i ? ", " : " ") << a.authors[i];
    std::cout << "\n";
  }
  if (a.published_ms) std::cout << "published " << FormatRfc3339(*a.published_ms, a.published_offset_min) << "\n";
  if (!a.language.empty()) std::cout << "language " << a.language << "\n";
  if (!a.tags.empty()) {
    std::cout << "tags";
    for (size_t i = 0; i < a.tags.size(); ++i) std::cout << (i ? ", " : " ") << a.tags[i];
    std::cout << "\n";
  }
  for (const auto& t : a.translations) std::cout << "translation " << t.language << " " << t.url << "\n";
  for (const auto& image : a.images) {
    std::cout << "image " << image.url << (image.caption.empty() ? "" : " -- ") << image.caption << "\n";
  }
  if (!a.standfirst.empty()) std::cout << "\n" << a.standfirst << "\n";
  std::cout << "\n" << a.text << "\n";
  if (!a.error.empty()) std::cerr << "caravanctl: " << path << ": " << a.error << "\n";
  return a.error.empty() ? 0 : 1;
}

int RobotsCheck(const std::string& robots_file, bool fetch_robots, const std::string& agent,
                const std::vector<std::string>& urls) {
  std::string token = robots::ProductToken(agent);
  std::optional<robots::RobotsRules> from_file;
  if (!fetch_robots) {
    std::ifstream in(robots_file, std::ios::binary);
    if (!in) {
      std::cerr << "caravanctl: cannot read " << robots_file << "\n";
      return 2;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    from_file = robots::RobotsRules::Parse(buffer.str(), token);
  }
  std::unique_ptr<fetch::Fetcher> fetcher;
  if (fetch_robots) {
    fetch::FetchOptions options;
    options.user_agent = agent;
    fetcher = std::make_unique<fetch::Fetcher>(options);
  }
  int exit_code = 0;
  for (const auto& u : urls) {
    auto parsed = url::Parse(u);
    if (!parsed) {
      std::cout << u << "\tinvalid URL\n";
      exit_code = 2;
      continue;
    }
    robots::RobotsRules rules = from_file ? *from_file : robots::RobotsRules::AllowAll();
    if (fetcher) {
      fetch::FetchResponse r = fetcher->FetchSync({parsed->Origin() + "/robots.txt", "", ""});
      rules = robots::RulesForStatus(r.status, r.body, token);
    }
    robots::RobotsRules::Decision d = rules.Check(parsed->PathAndQuery());
    std::cout << u << "\t" << (d.allowed ? "allowed" : "disallowed") << "\t" << d.rule;
    if (d.line > 0) std::cout << " (line " << d.line << ")";
    std::cout << "\n";
  }
  return exit_code;
}

int UrlNormalize(const std::vector<std::string>& urls) {
  int exit_code = 0;
  for (const auto& u : urls) {
    auto normalized = url::Normalize(u);
    if (normalized) {
      std::cout << *normalized << "\n";
    } else {
      std::cerr << "caravanctl: not an http(s) URL: " << u << "\n";
      exit_code = 2;
    }
  }
  return exit_code;
}

}  // namespace

void Register(CLI::App& app, Options& o) {
  auto* docs = app.add_subcommand("docs", "read stored documents");
  docs->require_subcommand(1);
  {
    auto* list = docs->add_subcommand("list", "list documents");
    auto source = std::make_shared<std::string>();
    auto language = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("table");
    auto limit = std::make_shared<int>(0);
    list->add_option("--source", *source, "only this source");
    list->add_option("--language", *language, "only this language (e.g. en, ru)");
    list->add_option("--format", *format, "table or jsonl")->check(CLI::IsMember({"table", "jsonl"}));
    list->add_option("--limit", *limit, "at most this many (0: all)");
    auto copies = std::make_shared<bool>(false);
    list->add_flag("--include-copies", *copies, "also documents that are copies of another (duplicate_of)");
    auto attachments = std::make_shared<bool>(false);
    list->add_flag("--include-attachments", *attachments,
                   "also list files attached to a page (a report's PDF) on their own, not only under their page");
    list->callback([&o, source, language, format, limit, copies, attachments] {
      caravan::v1::ListDocumentsRequest request;
      request.set_source(*source);
      request.set_language(*language);
      request.set_include_copies(*copies);
      request.set_include_attachments(*attachments);
      o.exit_code = DocsList(o, request, *format, *limit);
    });

    auto* get = docs->add_subcommand("get", "show one document by id or URL");
    auto id = std::make_shared<std::string>();
    auto gformat = std::make_shared<std::string>("json");
    get->add_option("ID", *id, "document id or URL")->required();
    get->add_option("--format", *gformat, "json or text")->check(CLI::IsMember({"json", "text"}));
    auto gversion = std::make_shared<uint32_t>(0);
    get->add_option("--version", *gversion, "a stored version (1, 2, ...) instead of the latest");
    get->callback([&o, id, gversion, gformat] { o.exit_code = DocsGet(o, *id, *gversion, *gformat); });

    auto* history = docs->add_subcommand("history", "every version of a document and how each was fetched");
    auto hid = std::make_shared<std::string>();
    auto hformat = std::make_shared<std::string>("table");
    history->add_option("ID", *hid, "document id or URL")->required();
    history->add_option("--format", *hformat, "table or json")->check(CLI::IsMember({"table", "json"}));
    history->callback([&o, hid, hformat] { o.exit_code = DocsHistory(o, *hid, *hformat); });

    auto* diff = docs->add_subcommand("diff", "word diff of two versions of a document (default: the last two)");
    auto did = std::make_shared<std::string>();
    auto versions = std::make_shared<std::vector<uint32_t>>();
    diff->add_option("ID", *did, "document id or URL")->required();
    diff->add_option("VERSIONS", *versions, "V1 V2: the versions to compare")->expected(0, 2);
    diff->callback([&o, did, versions] {
      uint32_t from = versions->size() == 2 ? (*versions)[0] : 0;
      uint32_t to = versions->size() == 2 ? (*versions)[1] : 0;
      if (versions->size() == 1) {
        std::cerr << "caravanctl docs diff: give two versions, or none for the last two\n";
        o.exit_code = 2;
        return;
      }
      o.exit_code = DocsDiff(o, *did, from, to);
    });
  }
  RegisterFeed(app, o);
  RegisterSearch(app, o);
  RegisterArchive(app, o);
  {
    auto* topics_cmd = app.add_subcommand("topics", "what documents are about (topics/lexicon.txt)");
    topics_cmd->require_subcommand(1);
    auto* explain = topics_cmd->add_subcommand("explain", "which lexicon terms decided a document's topics");
    auto id = std::make_shared<std::string>();
    explain->add_option("ID", *id, "document id or URL")->required();
    explain->callback([&o, id] { o.exit_code = TopicsExplain(o, *id); });
  }
  {
    auto* status = app.add_subcommand("status", "crawl status per source");
    auto format = std::make_shared<std::string>("table");
    status->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
    status->callback([&o, format] { o.exit_code = Status(o, *format); });
  }
  {
    auto* reextract = app.add_subcommand(
        "reextract", "run the current extractor over the stored bodies: a new version where the output changed");
    auto source = std::make_shared<std::string>();
    reextract->add_option("--source", *source, "only this source's documents");
    reextract->callback([&o, source] { o.exit_code = Reextract(o, *source); });
  }
  {
    auto* sources = app.add_subcommand("sources", "configured sources");
    sources->require_subcommand(1);
    sources->add_subcommand("list", "list sources")->callback([&o] { o.exit_code = SourcesList(o); });
  }
  struct Action {
    const char* name;
    const char* help;
    SourceRpc rpc;
    const char* done;
  };
  static const Action actions[] = {
      {"crawl-now", "fetch a source's start URLs, feeds and sitemaps now",
       &caravan::v1::Admin::Stub::CrawlNow, "scheduled now"},
      {"pause", "stop fetching a source", &caravan::v1::Admin::Stub::PauseSource, "paused"},
      {"resume", "resume a paused source", &caravan::v1::Admin::Stub::ResumeSource, "resumed"},
  };
  for (const auto& a : actions) {
    auto* cmd = app.add_subcommand(a.name, a.help);
    auto name = std::make_shared<std::string>();
    cmd->add_option("SOURCE", *name, "source name")->required();
    cmd->callback([&o, &a, name] { o.exit_code = SourceAction(o, a.rpc, *name, a.done); });
  }
  {
    auto* robots_cmd = app.add_subcommand("robots", "robots.txt tools");
    robots_cmd->require_subcommand(1);
    auto* check = robots_cmd->add_subcommand("check", "is each URL allowed for the agent? (RFC 9309)");
    auto file = std::make_shared<std::string>();
    auto fetch_flag = std::make_shared<bool>(false);
    auto agent = std::make_shared<std::string>("caravan");
    auto urls = std::make_shared<std::vector<std::string>>();
    auto* file_opt = check->add_option("--robots-file", *file, "robots.txt to read");
    auto* fetch_opt = check->add_flag("--fetch", *fetch_flag, "fetch each URL's /robots.txt instead");
    file_opt->excludes(fetch_opt);
    check->add_option("--agent", *agent, "user agent (its product token is matched)")->capture_default_str();
    check->add_option("URL", *urls, "URLs to check")->required();
    check->callback([&o, file, fetch_flag, agent, urls] {
      if (file->empty() && !*fetch_flag) {
        std::cerr << "caravanctl robots check: give --robots-file FILE or --fetch\n";
        o.exit_code = 2;
        return;
      }
      o.exit_code = RobotsCheck(*file, *fetch_flag, *agent, *urls);
    });

    auto* url_cmd = app.add_subcommand("url", "URL tools");
    url_cmd->require_subcommand(1);
    auto* normalize = url_cmd->add_subcommand("normalize", "print the canonical form caravan crawls and dedups by");
    auto to_normalize = std::make_shared<std::vector<std::string>>();
    normalize->add_option("URL", *to_normalize, "URLs")->required();
    normalize->callback([&o, to_normalize] { o.exit_code = UrlNormalize(*to_normalize); });
  }
  {
    auto* ex = app.add_subcommand("extract", "run caravand's extractor on files, offline");
    auto batch = std::make_shared<bool>(false);
    auto site_templates = std::make_shared<bool>(false);
    auto file = std::make_shared<std::string>();
    auto url = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    ex->add_flag("--batch", *batch,
                 "read JSON lines {\"path\",\"url\"} on stdin, write one JSON line per input");
    ex->add_flag("--site-templates", *site_templates,
                 "with --batch: read every page first, learn each host's repeated paragraphs from them "
                 "and remove those from the texts")
        ->needs("--batch");
    ex->add_option("FILE", *file, "HTML or PDF file");
    ex->add_option("--url", *url, "URL the file was fetched from (resolves links)");
    ex->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
    ex->callback([&o, batch, site_templates, file, url, format] {
      if (*batch) {
        o.exit_code = extract::RunBatch(std::cin, std::cout,
                                        *site_templates ? CleanSiteTemplates : extract::BatchTextPass());
      } else if (file->empty()) {
        std::cerr << "caravanctl extract: give FILE or --batch\n";
        o.exit_code = 2;
      } else {
        o.exit_code = ExtractOne(*file, *url, *format);
      }
    });
  }
}

}  // namespace caravan::cli
