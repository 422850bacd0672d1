// End to end: one commentary in English, Russian and Turkish, the pages
// naming each other through hreflang alternates. Through the gRPC API the
// three share one translation group, whichever was crawled first, and each
// lists the other two with their language and document id.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "caravan/v1/documents.grpc.pb.h"
#include "net/http_server.h"
#include "tests/e2e/caravand_process.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::pair<std::string, std::string>> kPages = {
    {"en",
     {"The Middle Corridor after the war",
      "<p>Since 2022 the Trans-Caspian route has carried more cargo each year, as shippers avoid Russia and "
      "governments from Beijing to Brussels promise to invest in its ports and railways.</p><p>The route "
      "still costs more than the northern one, and its ferries across the Caspian remain a bottleneck that "
      "no summit has yet solved.</p>"}},
    {"ru",
     {"Средний коридор после войны",
      "<p>С 2022 года Транскаспийский маршрут с каждым годом перевозит всё больше грузов: отправители "
      "избегают России, а правительства от Пекина до Брюсселя обещают вложиться в его порты и железные "
      "дороги.</p><p>Маршрут по-прежнему дороже северного, а паромы через Каспий остаются узким местом, "
      "которое не решил ещё ни один саммит.</p>"}},
    {"tr",
     {"Savaştan sonra Orta Koridor",
      "<p>2022'den bu yana Hazar Geçişli güzergâh her yıl daha fazla yük taşıyor; göndericiler Rusya'dan "
      "kaçınıyor, Pekin'den Brüksel'e hükümetler limanlarına ve demiryollarına yatırım sözü veriyor.</p>"
      "<p>Güzergâh hâlâ kuzey hattından pahalı ve Hazar'daki feribotlar henüz hiçbir zirvenin çözemediği "
      "bir darboğaz olmaya devam ediyor.</p>"}},
};

std::string Page(const std::string& language) {
  const auto& [title, body] = kPages.at(language);
  std::string head = "<!doctype html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\"><title>" +
                     title + "</title>";
  for (const auto& [other, unused] : kPages) {
    head += "<link rel=\"alternate\" hreflang=\"" + other + "\" href=\"/" + other + "/middle-corridor/\">";
  }
  return head + "</head><body><nav><a href=\"/\">Home</a></nav><article><h1>" + title + "</h1>" + body +
         "</article></body></html>";
}

TEST(TranslationsE2E, ATrioSharesOneGroupAndEachListsTheOthers) {
  fs::path dir = fs::temp_directory_path() / ("caravan-translations-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  net::HttpServer site([](const net::HttpRequest& r) {
    net::HttpResponse response;
    response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    if (r.path == "/") {
      // Only the Russian page is linked: the others are found through it.
      response.body = "<html><body><a href=\"/ru/middle-corridor/\">Средний коридор</a></body></html>";
      return response;
    }
    for (const auto& [language, unused] : kPages) {
      if (r.path == "/" + language + "/middle-corridor/") {
        response.body = Page(language);
        return response;
      }
    }
    response.status = 404;
    return response;
  });
  std::string error;
  ASSERT_TRUE(site.Start("127.0.0.1", 0, &error)) << error;
  const std::string base = "http://127.0.0.1:" + std::to_string(site.port());
  const std::string grpc_address = "127.0.0.1:" + std::to_string(FreePort());
  std::ofstream(dir / "caravan.yaml") << ConfigHead((dir / "data").string(), grpc_address)
                                      << "crawl:\n" << kAllowLoopback << "  delay: 20ms\n"
                                      << "sources:\n  - name: ankasam\n    start_urls: [" << base << "/]\n";
  CaravandProcess daemon((dir / "caravan.yaml").string(), (dir / "caravand.log").string());
  ASSERT_TRUE(daemon.Start(grpc_address, 20'000)) << daemon.Log();
  auto documents = caravan::v1::Documents::NewStub(daemon.channel());
  std::vector<caravan::v1::Document> docs = WaitForDocuments(documents.get(), 3, std::chrono::seconds(60));
  ASSERT_EQ(docs.size(), 3u) << daemon.Log();

  std::map<std::string, std::string> id_of;  // language -> document id
  for (const auto& d : docs) id_of[d.language()] = d.id();
  ASSERT_EQ(id_of.size(), 3u);
  for (const auto& listed : docs) {
    // Read again: a member learns of later ones after List's snapshot.
    caravan::v1::GetDocumentRequest request;
    request.set_id(listed.id());
    caravan::v1::Document d;
    grpc::ClientContext context;
    ASSERT_TRUE(documents->Get(&context, request, &d).ok());
    EXPECT_EQ(d.translation_group(), id_of["ru"]) << d.language() << ": the Russian page was crawled first";
    std::map<std::string, std::string> others;
    for (const auto& t : d.translations()) {
      if (t.document_id() != d.id()) others[t.language()] = t.document_id();
    }
    for (const auto& [language, id] : id_of) {
      if (language == d.language()) continue;
      EXPECT_EQ(others[language], id) << d.language() << " lists " << language;
    }
  }
  site.Stop();
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace caravan::testing
