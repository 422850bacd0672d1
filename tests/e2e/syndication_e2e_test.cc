// End to end: one commentary republished by two other sources, each under
// its own site template — one with an edited headline and an added note,
// one with only the first half. Through the gRPC API the earliest
// publication is the original, listing both copies; each copy keeps its
// URL and source and names the original; List and Subscribe leave copies
// out unless asked for them.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "caravan/v1/admin.grpc.pb.h"
#include "caravan/v1/documents.grpc.pb.h"
#include "net/http_server.h"
#include "tests/e2e/caravand_process.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;
using caravan::v1::Document;

const std::vector<std::string> kCommentary = {
    "Ten years after the Belt and Road Initiative was announced in Astana, the dry port of Khorgos on the "
    "Kazakh-Chinese border handles more containers than any other inland terminal in Central Asia, and "
    "the special economic zone around it has finally begun to attract manufacturers.",
    "The port's operators credit the change to a simple rule: trains are no longer held at the border "
    "while their papers are checked. Customs officers of both countries now share electronic manifests, "
    "and the gauge change from the Chinese to the Soviet standard takes hours rather than days.",
    "Yet the numbers hide a dependence. Nine in ten containers that pass through Khorgos are bound for "
    "Europe or Russia, and the trade that was meant to stay in the region, the processing of Kazakh "
    "grain and metals for Chinese buyers, has grown far more slowly than promised.",
    "Local officials point to the new grain terminal and to a car assembly plant as proof that the zone "
    "can do more than move boxes. Economists in Almaty are less sure, noting that most jobs in the zone "
    "are still in logistics and that the tax breaks expire within the decade.",
    "The next test will come from the Middle Corridor. If more Chinese cargo turns south-west to the "
    "Caspian ports of Aktau and Kuryk, Khorgos will need the rail links to follow, and Kazakhstan will "
    "have to decide how much of the cost of a second track it is willing to bear alone.",
    "For now the border town itself shows the limits of transit. Its hotels fill with drivers and "
    "forwarders, its markets sell Chinese goods to visitors from across the region, and its residents "
    "say they still travel to Zharkent or Almaty for work that pays.",
};

std::string Paragraphs(size_t from, size_t to) {
  std::string html;
  for (size_t i = from; i < to; ++i) html += "<p>" + kCommentary[i] + "</p>";
  return html;
}

// Each site's own template: navigation, sidebar and footer of its own.
std::string ThinkTankPage(const std::string& title, const std::string& published, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
         " - Steppe Analytics</title><meta property=\"article:published_time\" content=\"" + published +
         "\"></head><body><header><nav><a href=\"/\">Home</a> <a href=\"/analysis/\">Analysis</a> "
         "<a href=\"/about/\">About us</a></nav></header><main><article class=\"post\"><h1>" + title +
         "</h1><div class=\"entry-content\">" + body +
         "</div></article></main><aside class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/\">Water "
         "diplomacy in the Fergana valley</a></li></ul></aside><footer>© Steppe Analytics. All rights "
         "reserved.</footer></body></html>";
}

std::string NewsPage(const std::string& title, const std::string& published, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
         " | Caspian Courier</title><meta property=\"article:published_time\" content=\"" + published +
         "\"></head><body><div class=\"topbar\">Subscribe to our newsletter</div><div id=\"content\">"
         "<div class=\"story\"><h1 class=\"headline\">" + title + "</h1><div class=\"story-body\">" + body +
         "</div><div class=\"share\">Share: Facebook Twitter Telegram</div></div></div><div "
         "class=\"footer\">Caspian Courier, Baku. Reprints with permission only.</div></body></html>";
}

std::string Home(const std::vector<std::string>& paths) {
  std::string html = "<html><body><ul>";
  for (const std::string& p : paths) html += "<li><a href=\"" + p + "\">" + p + "</a></li>";
  return html + "</ul></body></html>";
}

net::HttpResponse Html(std::string body) {
  net::HttpResponse r;
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(body);
  return r;
}

net::HttpResponse NotFound() {
  net::HttpResponse r;
  r.status = 404;
  return r;
}

class SyndicationE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-syndication-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The original, published first, and an unrelated piece.
    origin_ = std::make_unique<net::HttpServer>([](const net::HttpRequest& r) {
      if (r.path == "/") return Html(Home({"/analysis/khorgos-ten-years/", "/analysis/rogun/"}));
      if (r.path == "/analysis/khorgos-ten-years/") {
        return Html(ThinkTankPage("Khorgos ten years on: a port in search of an economy", "2024-09-10T08:00:00Z",
                                  Paragraphs(0, kCommentary.size())));
      }
      if (r.path == "/analysis/rogun/") {
        return Html(ThinkTankPage(
            "Rogun and the downstream", "2024-09-03T08:00:00Z",
            "<p>Tajikistan's Rogun dam, which would be the tallest in the world, has divided its neighbours for "
            "three decades. Uzbekistan, once its fiercest opponent, now speaks of buying its electricity, while "
            "farmers along the Amu Darya fear for their water in the years the reservoir fills.</p><p>The "
            "World Bank's new financing has been tied to a plan for releasing water in dry summers, but the "
            "rules for sharing it between Tajikistan, Uzbekistan and Turkmenistan are still being drafted, "
            "and Afghanistan, with its own canal under construction, has no seat at the table.</p>"));
      }
      return NotFound();
    });
    // A reprint: new headline, the text, and a note at the end.
    reprint_ = std::make_unique<net::HttpServer>([](const net::HttpRequest& r) {
      if (r.path == "/") return Html(Home({"/news/2024/09/12/khorgos-dry-port/"}));
      if (r.path == "/news/2024/09/12/khorgos-dry-port/") {
        return Html(NewsPage("Khorgos: the dry port that still waits for its factories", "2024-09-12T10:30:00Z",
                             Paragraphs(0, kCommentary.size()) +
                                 "<p>This commentary was first published by Steppe Analytics and is "
                                 "republished with the author's permission.</p>"));
      }
      return NotFound();
    });
    // An excerpt: the first half, under a digest's template.
    excerpt_ = std::make_unique<net::HttpServer>([](const net::HttpRequest& r) {
      if (r.path == "/") return Html(Home({"/digest/khorgos/"}));
      if (r.path == "/digest/khorgos/") {
        return Html(NewsPage("Digest: Khorgos at ten", "2024-09-11T06:00:00Z", Paragraphs(0, 3)));
      }
      return NotFound();
    });
    std::string error;
    ASSERT_TRUE(origin_->Start("127.0.0.1", 0, &error)) << error;
    ASSERT_TRUE(reprint_->Start("127.0.0.2", 0, &error)) << error;
    ASSERT_TRUE(excerpt_->Start("127.0.0.3", 0, &error)) << error;
    auto base = [](const std::string& host, const net::HttpServer& s) {
      return "http://" + host + ":" + std::to_string(s.port());
    };
    origin_base_ = base("127.0.0.1", *origin_);
    reprint_base_ = base("127.0.0.2", *reprint_);
    excerpt_base_ = base("127.0.0.3", *excerpt_);

    grpc_address_ = "127.0.0.1:" + std::to_string(FreePort());
    std::ofstream(dir_ / "caravan.yaml") << ConfigHead((dir_ / "data").string(), grpc_address_)
                                         << "crawl:\n" << kAllowLoopback << "  delay: 20ms\n"
                                         << "sources:\n"
                                         << "  - name: steppe\n    start_urls: [" << origin_base_ << "/]\n"
                                         << "  - name: courier\n    start_urls: [" << reprint_base_ << "/]\n"
                                         << "  - name: digest\n    start_urls: [" << excerpt_base_ << "/]\n";
    daemon_ = std::make_unique<CaravandProcess>((dir_ / "caravan.yaml").string(), (dir_ / "caravand.log").string());
    ASSERT_TRUE(daemon_->Start(grpc_address_, 20'000)) << daemon_->Log();
    documents_ = caravan::v1::Documents::NewStub(daemon_->channel());
    admin_ = caravan::v1::Admin::NewStub(daemon_->channel());
  }

  void TearDown() override {
    daemon_.reset();
    origin_->Stop();
    reprint_->Stop();
    excerpt_->Stop();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  Document Get(const std::string& url) {
    caravan::v1::GetDocumentRequest request;
    request.set_url(url);
    Document doc;
    grpc::ClientContext context;
    grpc::Status s = documents_->Get(&context, request, &doc);
    EXPECT_TRUE(s.ok()) << url << ": " << s.error_message();
    return doc;
  }

  // The events of the change feed from the beginning, read until `n` came
  // or a second passed without one.
  std::vector<caravan::v1::DocumentEvent> Events(bool include_copies, size_t n) {
    caravan::v1::SubscribeRequest request;
    request.set_include_copies(include_copies);
    request.set_omit_text(true);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
    auto reader = documents_->Subscribe(&context, request);
    std::vector<caravan::v1::DocumentEvent> events;
    caravan::v1::DocumentEvent event;
    while (events.size() < n && reader->Read(&event)) events.push_back(event);
    context.TryCancel();
    return events;
  }

  fs::path dir_;
  std::unique_ptr<net::HttpServer> origin_, reprint_, excerpt_;
  std::string origin_base_, reprint_base_, excerpt_base_;
  std::string grpc_address_;
  std::unique_ptr<CaravandProcess> daemon_;
  std::unique_ptr<caravan::v1::Documents::Stub> documents_;
  std::unique_ptr<caravan::v1::Admin::Stub> admin_;
};

TEST_F(SyndicationE2E, CopiesOnOtherSourcesAreLinkedToTheEarliestPublication) {
  std::vector<Document> all =
      WaitForDocuments(documents_.get(), 4, std::chrono::seconds(60), ListFilter(100, /*include_copies=*/true));
  ASSERT_EQ(all.size(), 4u) << daemon_->Log();

  Document original = Get(origin_base_ + "/analysis/khorgos-ten-years/");
  Document reprint = Get(reprint_base_ + "/news/2024/09/12/khorgos-dry-port/");
  Document excerpt = Get(excerpt_base_ + "/digest/khorgos/");
  EXPECT_TRUE(original.duplicate_of().empty());
  EXPECT_EQ(std::set<std::string>(original.copies().begin(), original.copies().end()),
            (std::set<std::string>{reprint.id(), excerpt.id()}));
  EXPECT_EQ(reprint.duplicate_of(), original.id());
  EXPECT_EQ(reprint.source(), "courier");
  EXPECT_EQ(reprint.title(), "Khorgos: the dry port that still waits for its factories");
  EXPECT_EQ(excerpt.duplicate_of(), original.id());
  EXPECT_EQ(excerpt.source(), "digest");
  EXPECT_TRUE(Get(origin_base_ + "/analysis/rogun/").duplicate_of().empty());

  // The default views hold each publication once.
  std::vector<Document> listed = ListAllDocuments(documents_.get());
  std::set<std::string> listed_ids;
  for (const Document& d : listed) listed_ids.insert(d.id());
  EXPECT_EQ(listed_ids.size(), 2u);
  EXPECT_TRUE(listed_ids.count(original.id()));

  // The feed has the copies' own events only when asked; by default a copy
  // shows up in the LINKED event of its original (which lists it). Each
  // event shows the document as it was then, so a page stored before its
  // original was found has its CREATED event, as an original, followed by
  // its own LINKED event that makes it a copy: a consumer replaying the
  // feed sees what one following it live saw. Whatever the crawl order, the
  // document stored first learns of the others after its own event, so at
  // least one LINKED event comes.
  std::set<std::string> fed;
  std::map<std::string, std::string> last_linked_to;  // id -> duplicate_of in its last LINKED event
  int linked = 0;
  for (const auto& e : Events(false, 100)) {
    if (e.type() == caravan::v1::LINKED) {
      ++linked;
      last_linked_to[e.document_id()] = e.document().duplicate_of();
      continue;
    }
    EXPECT_TRUE(e.document().duplicate_of().empty()) << e.document_id();
    fed.insert(e.document_id());
  }
  EXPECT_TRUE(fed.count(original.id()));
  for (const std::string& copy : {reprint.id(), excerpt.id()}) {
    if (!fed.count(copy)) continue;
    ASSERT_TRUE(last_linked_to.count(copy)) << copy << " was fed as an original and never made a copy";
    EXPECT_EQ(last_linked_to[copy], original.id()) << copy;
  }
  EXPECT_GE(linked, 1);
  EXPECT_GE(Events(true, 4).size(), 4u);

  caravan::v1::Status status;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_->GetStatus(&context, caravan::v1::GetStatusRequest(), &status).ok());
  int64_t copies = 0;
  for (const auto& s : status.sources()) copies += s.copies();
  EXPECT_GE(copies, 2);
}

}  // namespace
}  // namespace caravan::testing
