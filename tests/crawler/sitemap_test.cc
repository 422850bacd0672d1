#include "crawler/sitemaps/sitemap.h"

#include <zlib.h>

#include <gtest/gtest.h>

namespace caravan::sitemaps {
namespace {

std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

const char kUrlset[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://astanatimes.com/2024/09/kazakhstan-china-trade/</loc><lastmod>2024-09-13T10:00:00+00:00</lastmod>
<image:image><image:loc>https://astanatimes.com/a.jpg</image:loc></image:image></url>
<url><loc>https://astanatimes.com/2024/09/middle-corridor/</loc>
<news:news><news:publication_date>2024-09-14</news:publication_date></news:news></url>
<url><lastmod>2024-09-14</lastmod></url>
</urlset>)";

TEST(ParseSitemap, UrlsetWithLastmodAndNewsDates) {
  std::string error;
  auto s = ParseSitemap(kUrlset, "https://astanatimes.com/sitemap.xml", &error);
  ASSERT_TRUE(s) << error;
  EXPECT_FALSE(s->is_index);
  ASSERT_EQ(s->entries.size(), 2u);
  EXPECT_EQ(s->entries[0].url, "https://astanatimes.com/2024/09/kazakhstan-china-trade/");
  EXPECT_EQ(s->entries[0].lastmod_ms, int64_t{1726221600} * 1000);
  EXPECT_EQ(s->entries[1].lastmod_ms, int64_t{1726272000} * 1000);
}

TEST(ParseSitemap, IndexListsChildSitemaps) {
  auto s = ParseSitemap(R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://timesca.com/post-sitemap1.xml.gz</loc></sitemap>
<sitemap><loc>https://timesca.com/post-sitemap2.xml.gz</loc><lastmod>2024-10-01</lastmod></sitemap>
</sitemapindex>)", "https://timesca.com/sitemap_index.xml");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->is_index);
  ASSERT_EQ(s->entries.size(), 2u);
  EXPECT_EQ(s->entries[1].url, "https://timesca.com/post-sitemap2.xml.gz");
}

TEST(ParseSitemap, GzipIsInflated) {
  auto s = ParseSitemap(Gzip(kUrlset), "https://astanatimes.com/sitemap.xml.gz");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->entries.size(), 2u);
}

TEST(ParseSitemap, PlainTextListsOneUrlPerLine) {
  auto s = ParseSitemap("\xEF\xBB\xBFhttps://cabar.asia/en/a\r\n\nhttps://cabar.asia/en/b\nnot a url\n",
                        "https://cabar.asia/sitemap.txt");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->entries.size(), 2u);
  EXPECT_EQ(s->entries[1].url, "https://cabar.asia/en/b");
}

TEST(ParseSitemap, RejectsWhatIsNotASitemap) {
  std::string error;
  EXPECT_FALSE(ParseSitemap("<html><body>Not found</body></html>", "https://x.example/sitemap.xml", &error));
  EXPECT_NE(error.find("not urlset or sitemapindex"), std::string::npos) << error;
  EXPECT_FALSE(ParseSitemap(std::string("\x1f\x8b garbage", 10), "https://x.example/s.gz", &error));
}

}  // namespace
}  // namespace caravan::sitemaps
