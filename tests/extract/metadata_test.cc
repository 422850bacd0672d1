#include "extract/metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/time.h"
#include "extract/authors.h"
#include "extract/html_dom.h"
#include "extract/main_text.h"
#include "extract/title.h"

namespace caravan::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Article MetaOf(const std::string& html, const std::string& url = "https://cabar.example/en/article/") {
  DocPtr doc = ParseHtml(html);
  EXPECT_TRUE(doc);
  MainText main = ExtractMainText(doc.get());
  Article a;
  ExtractMetadata(doc.get(), url, main, &a);
  return a;
}

TEST(StripSiteName, DropsSiteNamePartsAtEitherEnd) {
  EXPECT_EQ(
      StripSiteName("Interview with a Scholar - ANKASAM | Ankara Center", "ANKASAM | Ankara Center", ""),
      "Interview with a Scholar");
  EXPECT_EQ(StripSiteName("CABAR.asia — Water Disputes in the Fergana Valley", "", "cabar.asia"),
            "Water Disputes in the Fergana Valley");
  EXPECT_EQ(StripSiteName("中哈物流合作迈入新阶段_新闻中心_丝路资讯网", "丝路资讯网", ""),
            "中哈物流合作迈入新阶段_新闻中心");
  EXPECT_EQ(StripSiteName("Astana Times | Kazakhstan Hosts Forum", "", "astanatimes.com"),
            "Kazakhstan Hosts Forum");
}

TEST(StripSiteName, KeepsTitlesWithoutSiteParts) {
  EXPECT_EQ(StripSiteName("Belt and Road – The Second Decade", "Eurasia Review", "eurasiareview.com"),
            "Belt and Road – The Second Decade");
  EXPECT_EQ(StripSiteName("Plain title", "", ""), "Plain title");
  EXPECT_EQ(StripSiteName("Eurasia Review", "Eurasia Review", ""), "Eurasia Review");
}

TEST(SplitAuthors, StripsPrefixesAndSplitsLists) {
  EXPECT_THAT(SplitAuthors("By Aigerim Nurlanovna and Daniel Brooks"),
              ElementsAre("Aigerim Nurlanovna", "Daniel Brooks"));
  EXPECT_THAT(SplitAuthors("Автор: Иван Петров"), ElementsAre("Иван Петров"));
  EXPECT_THAT(SplitAuthors("Yazar: Dilara Kaya ve Emre Demir"), ElementsAre("Dilara Kaya", "Emre Demir"));
  EXPECT_THAT(SplitAuthors("作者：王晓明"), ElementsAre("王晓明"));
  EXPECT_THAT(SplitAuthors("Posted by Jane Roe; John Doe"), ElementsAre("Jane Roe", "John Doe"));
  EXPECT_THAT(SplitAuthors("https://www.facebook.com/someone"), IsEmpty());
  EXPECT_THAT(SplitAuthors("13 September 2024"), IsEmpty());
  EXPECT_THAT(SplitAuthors("This is a whole sentence rather than a name of anybody"), IsEmpty());
}

TEST(ExtractMetadata, JsonLdAuthorForms) {
  auto with_ld = [](const std::string& ld) {
    return MetaOf("<html><head><script type=\"application/ld+json\">" + ld +
                  "</script></head><body><p>Text.</p></body></html>");
  };
  EXPECT_THAT(with_ld(R"({"@type":"NewsArticle","author":"Marat Seitkali"})").authors,
              ElementsAre("Marat Seitkali"));
  EXPECT_THAT(with_ld(R"({"@type":"BlogPosting","author":{"@type":"Person","name":"By Jane Roe"}})").authors,
              ElementsAre("Jane Roe"));
  EXPECT_THAT(
      with_ld(R"([{"@type":"Article","author":[{"name":"A. One"},{"name":"B. Two"},{"name":"a. one"}]}])")
          .authors,
      ElementsAre("A. One", "B. Two"));
  EXPECT_THAT(with_ld("{not json").authors, IsEmpty());
}

TEST(ExtractMetadata, DatesByPrecedence) {
  Article a = MetaOf(R"(<html><head>
      <meta property="article:published_time" content="2024-09-13T08:30:00+06:00">
      <meta property="og:updated_time" content="2024-09-14T00:00:00Z">
      <script type="application/ld+json">{"@type":"Article","datePublished":"2020-01-01"}</script>
      </head><body><time datetime="2019-05-05">5 May 2019</time><p>Body.</p></body></html>)",
                     "https://x.example/2018/01/02/slug/");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T02:30:00Z");
  EXPECT_EQ(FormatRfc3339(a.modified_ms.value_or(0)), "2024-09-14T00:00:00Z");

  a = MetaOf(
      R"(<html><body><span itemprop="datePublished" content="2024-03-01">1 March</span><p>x</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-03-01T00:00:00Z");

  a = MetaOf("<html><body><p>No dates at all.</p></body></html>", "https://x.example/2018/01/02/slug/");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2018-01-02T00:00:00Z");

  a = MetaOf(
      R"(<html><body><h1>Title</h1><div class="meta-line">Yayınlanma: 13 Eylül 2024</div><p>x</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");
}

TEST(ExtractMetadata, UtcTimestampTakesTheUrlsDay) {
  Article a = MetaOf(R"(<html><head>
      <meta property="article:published_time" content="2024-09-14T02:25:54+00:00">
      </head><body><h1>Port deal signed</h1><p>Body.</p></body></html>)",
                     "https://news.example/2024/09/13/port-deal-signed/");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");

  // The URL's day agrees with UTC's: nothing to move.
  a = MetaOf(R"(<html><head>
      <meta property="article:published_time" content="2024-09-13T22:00:00Z">
      </head><body><h1>Port deal signed</h1><div class="post-date">14 September 2024</div></body></html>)",
             "https://news.example/2024/09/13/port-deal-signed/");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T22:00:00Z");
}

TEST(ExtractMetadata, UtcTimestampTakesTheSameInstantWithItsOffset) {
  Article a = MetaOf(R"(<html><head>
      <meta property="article:published_time" content="2024-09-12T23:59:50+00:00">
      <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-09-13T01:59:50+02:00"}</script>
      </head><body><h1>Title</h1><p>Body.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-12T23:59:50Z");
  EXPECT_EQ(a.published_offset_min, 120);
}

TEST(ExtractMetadata, UtcTimestampTakesThePrintedDay) {
  Article a = MetaOf(R"(<html><head>
      <meta property="datePublished" content="2024-09-12T23:15:0Z">
      </head><body><div class="top-bar"><span class="today-date">Lunedì 30 Settembre 2024</span></div>
      <h1>Il porto di Bari</h1><p class="date">Venerdì 13 Settembre 2024 | 00:15</p><p>Testo.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");

  // Without a zone the time is the writer's own: its day stands.
  a = MetaOf(R"(<html><head>
      <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-09-12 23:43:13"}</script>
      </head><body><h1>Title</h1><span class="date">13 September 2024</span></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-12T23:43:13Z");
}

TEST(ExtractMetadata, BareMetaDateYieldsToArticleDates) {
  Article a = MetaOf(R"(<html><head>
      <meta name="date" content="2024-09-14T20:00:25.850Z">
      <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-09-13T03:00:00.000Z"}</script>
      </head><body><h1>Title</h1><p>Body.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T03:00:00Z");
}

TEST(ExtractMetadata, BareMetaDateYieldsToThePrintedDate) {
  Article a = MetaOf(R"(<html><head><meta name="date" content="2024-09-14T11:52:23">
      </head><body><h1>Hafen erweitert</h1><p class="text"><span class="stand">Stand: 13.09.2024 18:00 Uhr</span></p>
      <p>Text.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");

  // Nothing printed: the bare meta date is all there is.
  a = MetaOf(R"(<html><head><meta name="date" content="2024-09-14T11:52:23">
      </head><body><h1>Hafen erweitert</h1><p>Text.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-14T11:52:23Z");
}

TEST(ExtractMetadata, DatelineLeftOutOfTheMainText) {
  Article a = MetaOf(R"(<html><body><nav><a href="/">Start</a></nav><article>
      <h2>Tauchmesse abgesagt</h2><p>13.09.2024</p>
      <p>Die Messe findet in diesem Jahr nicht statt, teilte der Veranstalter am Montag mit. Aussteller
      erhalten ihre Standgebühren zurück, und Besucher können ihre Karten bis Ende des Monats erstatten
      lassen.</p></article></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");
}

TEST(ExtractMetadata, SubmittedAndBylineElementsHoldDates) {
  Article a = MetaOf(R"(<html><body><h1>Hackathon in Wien</h1>
      <div class="submitted">Gespeichert von <span class="username">anna</span> am 13. September 2024 - 18:55</div>
      <p>Text.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");
}

TEST(ExtractMetadata, SmallLineUnderTheHeadline) {
  Article a = MetaOf(R"(<html><body><h1>Zuschauer kehren zurück<br><small>
      <span class="glyphicon glyphicon-calendar"></span>&nbsp;13.09.2024 &bull; Verband</small></h1>
      <p>Laut der am 28.08.2024 in Kraft getretenen Verordnung dürfen wieder mehr Zuschauer kommen.</p>
      </body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");
}

TEST(ExtractMetadata, JsonLdDateOfAnyTypeWhenNoArticle) {
  Article a = MetaOf(R"(<html><head>
      <script type="application/ld+json">{"@type":"HowTo","name":"Sew a tablecloth","datePublished":"2024-09-13T22:06:08:684Z"}</script>
      </head><body><h1>Sew a tablecloth</h1><p>Body.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T22:06:08Z");
}

TEST(ExtractMetadata, PrintedDateNearestTheHeadline) {
  // WordPress news theme: today's date in the top bar, teasers above the
  // headline, the post's own date in its meta line, "status-publish" on
  // the article.
  Article a = MetaOf(R"(<html><body class="has-sidebar">
      <div class="td_data_time">Montag, 30. September 2024</div>
      <div class="teasers"><div class="post-box-meta"><a class="post-date">10. September 2024</a></div></div>
      <div class="page-wrapper blog-sidebar-position-right">
      <article class="post-7 post type-post status-publish">
      <h1 class="entry-title">Neue Seidenstraße: Güterzug erreicht Duisburg</h1>
      <div class="post-meta"><span class="author">Von Anna Weber</span> <a class="post-date">13. September 2024</a></div>
      <p>Text.</p></article>
      <aside class="sidebar"><span class="date">29. September 2024</span></aside></div></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");
}

TEST(ExtractMetadata, PrintedDateSkipsCommentsAndRelatedPosts) {
  Article a = MetaOf(R"(<html><body><div class="related-posts"><span class="date">1 September 2024</span></div>
      <h1>Title</h1><p>Body.</p>
      <ol class="comment-list"><li><time>20 September 2024</time></li></ol></body></html>)");
  EXPECT_FALSE(a.published_ms.has_value());
}

TEST(ExtractMetadata, TimeElementWithoutDatetime) {
  Article a = MetaOf(R"(<html><body><h1>Mietenstreik</h1><p>Von A. Autor</p>
      <time>13.09.2024, 12:01 Uhr</time><p>Text.</p></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");
}

TEST(ExtractMetadata, LabelledDates) {
  Article a = MetaOf(R"(<html><body><div class="content"><h2>Trinkwasser belastet</h2><p>Text.</p>
      <p>Erstellt am: 13.09.2024</p></div></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");

  a = MetaOf(R"(<html><body><div class="news"><p>Текст новости.</p>
      <div class="info">Опубликовано: 13.09.2024</div></div></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");

  a = MetaOf(R"(<html><body><div class="news"><p>Haber metni.</p>
      <div class="info">Yayınlanma: 13.09.2024 10:25</div></div></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");

  a = MetaOf(R"(<html><body><div class="art"><p>正文内容。</p>
      <div class="info">发布时间：2024年9月13日 10:25</div></div></body></html>)");
  EXPECT_EQ(FormatRfc3339(a.published_ms.value_or(0)), "2024-09-13T00:00:00Z");
}

TEST(ExtractMetadata, LinksAreAbsoluteDeduplicatedAndWithoutFragments) {
  Article a = MetaOf(R"html(<html><head>
      <base href="/kz/">
      <link rel="alternate" type="application/rss+xml" href="feed/">
      <link rel="alternate" type="application/atom+xml" href="https://cabar.example/atom.xml">
      <link rel="alternate" type="text/xml" href="/rss.xml">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
      <link rel="alternate" hreflang="ru" href="/ru/">
      <meta property="og:url" content="https://cabar.example/kz/article/">
      </head><body>
      <a href="news/1">one</a> <a href="news/1#comments">again</a> <a href="/en/">en</a>
      <a href="mailto:x@cabar.example">mail</a> <a href="javascript:go()">js</a> <a href="#top">top</a>
      <a href="HTTPS://Other.Example/Path">other</a><map><area href="/map-area" alt=""></map>
      <p>Text</p></body></html>)html",
                     "https://cabar.example/kz/article/?utm=1");
  EXPECT_THAT(a.outlinks, ElementsAre("https://cabar.example/kz/news/1", "https://cabar.example/en/",
                                      "https://cabar.example/kz/", "https://other.example/Path",
                                      "https://cabar.example/map-area"));
  EXPECT_THAT(a.feed_links, ElementsAre("https://cabar.example/kz/feed/", "https://cabar.example/atom.xml",
                                        "https://cabar.example/rss.xml"));
  EXPECT_EQ(a.canonical_url, "https://cabar.example/kz/article/");
}

TEST(ExtractMetadata, DeclaredLanguageAndDescription) {
  Article a =
      MetaOf(R"(<html lang="kk-KZ"><head><meta name="description" content="  Қысқаша   сипаттама "></head>
                        <body><p>x</p></body></html>)");
  EXPECT_EQ(a.language, "kk");
  EXPECT_EQ(a.description, "Қысқаша сипаттама");
  a = MetaOf(
      R"(<html><head><meta http-equiv="content-language" content="ru"></head><body><p>x</p></body></html>)");
  EXPECT_EQ(a.language, "ru");
}

TEST(ExtractMetadata, TitlePrefersOgTitleThenHeadingThenTitleTag) {
  EXPECT_EQ(
      MetaOf(R"(<html><head><title>T | Site</title><meta property="og:title" content="OG Headline | Site">
                      <meta property="og:site_name" content="Site"></head><body><h1>H</h1></body></html>)")
          .title,
      "OG Headline");
  EXPECT_EQ(MetaOf("<html><head><title>Tag title | Site</title></head><body><h1>The "
                   "Heading</h1><p>x</p></body></html>")
                .title,
            "The Heading");
  EXPECT_EQ(MetaOf("<html><head><title>Tag title - CABAR</title></head><body><p>x</p></body></html>").title,
            "Tag title");
}

}  // namespace
}  // namespace caravan::extract
