// Tags, translations and images, read through Extract as the daemon does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "extract/article.h"
#include "tests/extract/testing.h"

namespace caravan::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::AllOf;

using testing::ExtractHtmlPage;

const std::string kParagraphs =
    "<p>The Middle Corridor links Kazakhstan's Caspian ports with Azerbaijan, Georgia and Turkey, and "
    "its freight volumes grew again this year as shippers looked for routes around Russia.</p>"
    "<p>Officials in Astana and Baku agreed on a common tariff and on joint digital customs, which "
    "analysts say could halve the time a container spends at the borders along the way.</p>";

// WPML on a WordPress think tank: head alternates, a header switcher whose
// untranslated languages point to their home page, and the "This post is
// also available in" block.
const std::string kWpmlPage = R"(<!DOCTYPE html><html lang="en-US"><head>
<title>Middle Corridor gains pace - ANKASAM</title>
<link rel="canonical" href="https://www.ankasam.example/en/middle-corridor-gains-pace/">
<link rel="alternate" hreflang="en" href="https://www.ankasam.example/en/middle-corridor-gains-pace/">
<link rel="alternate" hreflang="tr" href="https://www.ankasam.example/orta-koridor-hiz-kazaniyor/">
<link rel="alternate" hreflang="x-default" href="https://www.ankasam.example/orta-koridor-hiz-kazaniyor/">
<meta property="article:tag" content="Middle Corridor">
<meta property="article:section" content="Analysis">
<meta name="keywords" content="Kazakhstan, Azerbaijan , middle corridor">
</head><body>
<header><div class="wpml-ls-statics-shortcode_actions wpml-ls"><ul>
<li class="wpml-ls-slot-shortcode_actions wpml-ls-item wpml-ls-item-en wpml-ls-current-language">
  <a href="https://www.ankasam.example/en/middle-corridor-gains-pace/" class="wpml-ls-link"><span class="wpml-ls-native">English</span></a></li>
<li class="wpml-ls-slot-shortcode_actions wpml-ls-item wpml-ls-item-kk">
  <a href="https://www.ankasam.example/kk/" class="wpml-ls-link"><span class="wpml-ls-native" lang="kk">Қазақша</span></a></li>
</ul></div></header>
<article class="post"><h1>Middle Corridor gains pace</h1>
<div class="wpml-ls-statics-post_translations wpml-ls"><p>This post is also available in:
<span class="wpml-ls-slot-post_translations wpml-ls-item wpml-ls-item-tr wpml-ls-first-item">
  <a href="https://www.ankasam.example/orta-koridor-hiz-kazaniyor/" class="wpml-ls-link"><span class="wpml-ls-native" lang="tr">Türkçe</span></a></span>
<span class="wpml-ls-slot-post_translations wpml-ls-item wpml-ls-item-ru wpml-ls-last-item">
  <a href="/ru/sredinnyj-koridor/" class="wpml-ls-link"><span class="wpml-ls-native" lang="ru">Русский</span></a></span>
</p></div>
<div class="entry-content">
<figure class="wp-block-image"><img src="/wp-content/uploads/2024/09/aktau-port.jpg" alt="Port">
<figcaption>The port of Aktau on the Caspian Sea.</figcaption></figure>
)" + kParagraphs + R"(
<div id="attachment_7" class="wp-caption aligncenter"><a href="/big.jpg"><img data-src="/wp-content/uploads/baku.jpg" src="data:image/gif;base64,R0lGOD" alt="x"></a>
<p class="wp-caption-text">Baku's new ferry terminal.</p></div>
<img src="/pixel.gif" width="1" height="1" alt="">
<p><img src="/wp-content/uploads/map.png" alt="Map of the corridor"></p>
<p>Tags: <a href="/tag/kazakhstan/" rel="tag">Kazakhstan</a>, <a href="/tag/logistics/" rel="tag">Logistics</a></p>
</div></article>
<aside><div class="tagcloud"><a href="/tag/china/" class="tag-cloud-link" rel="tag">China</a></div></aside>
</body></html>)";

TEST(Translations, HeadAlternatesThenSwitcherLinksWithoutSelfXDefaultOrLanguageHomes) {
  Article a = ExtractHtmlPage(kWpmlPage, "https://www.ankasam.example/en/middle-corridor-gains-pace/");
  EXPECT_THAT(a.translations,
              ElementsAre(AllOf(Field(&Translation::language, "tr"),
                                Field(&Translation::url, "https://www.ankasam.example/orta-koridor-hiz-kazaniyor/")),
                          AllOf(Field(&Translation::language, "ru"),
                                Field(&Translation::url, "https://www.ankasam.example/ru/sredinnyj-koridor/"))));
}

TEST(Translations, PolylangSwitcherSkipsTheCurrentLanguage) {
  Article a = ExtractHtmlPage(R"(<html><body><ul class="pll-switcher">
<li class="lang-item lang-item-2 lang-item-en current-lang"><a lang="en-GB" hreflang="en-GB" href="/en/dry-ports/">English</a></li>
<li class="lang-item lang-item-5 lang-item-ru"><a lang="ru-RU" hreflang="ru-RU" href="/ru/sukhie-porty/">Русский</a></li>
</ul><article>)" + kParagraphs + "</article></body></html>",
                   "https://cabar.example/en/dry-ports/");
  EXPECT_THAT(a.translations, ElementsAre(AllOf(Field(&Translation::language, "ru-RU"),
                                                Field(&Translation::url, "https://cabar.example/ru/sukhie-porty/"))));
}

TEST(Translations, OrdinaryLinksWithALangAttributeAreNoTranslations) {
  Article a = ExtractHtmlPage("<html><body><article>" + kParagraphs +
                       R"(<p>See <a lang="ru" href="/ru/source/">the Russian original</a>.</p></article></body></html>)",
                   "https://cabar.example/en/a/");
  EXPECT_THAT(a.translations, IsEmpty());
}

TEST(Tags, MetaTagsKeywordsAndRelTagLinksDeduplicatedWithoutTagClouds) {
  Article a = ExtractHtmlPage(kWpmlPage, "https://www.ankasam.example/en/middle-corridor-gains-pace/");
  EXPECT_THAT(a.tags, ElementsAre("Middle Corridor", "Analysis", "Kazakhstan", "Azerbaijan", "Logistics"));
}

TEST(Tags, ChineseKeywordListsSplitOnIdeographicCommas) {
  Article a = ExtractHtmlPage(R"(<html><head><meta name="keywords" content="一带一路，中亚、哈萨克斯坦"></head><body>)" +
                       kParagraphs + "</body></html>",
                   "https://cn.example/a.html");
  EXPECT_THAT(a.tags, ElementsAre("一带一路", "中亚", "哈萨克斯坦"));
}

TEST(Images, ContentImagesWithFigureWordPressAndAltCaptionsLazySourcesAndNoPixels) {
  Article a = ExtractHtmlPage(kWpmlPage, "https://www.ankasam.example/en/middle-corridor-gains-pace/");
  EXPECT_THAT(a.images,
              ElementsAre(AllOf(Field(&Image::url, "https://www.ankasam.example/wp-content/uploads/2024/09/aktau-port.jpg"),
                                Field(&Image::caption, "The port of Aktau on the Caspian Sea.")),
                          AllOf(Field(&Image::url, "https://www.ankasam.example/wp-content/uploads/baku.jpg"),
                                Field(&Image::caption, "Baku's new ferry terminal.")),
                          AllOf(Field(&Image::url, "https://www.ankasam.example/wp-content/uploads/map.png"),
                                Field(&Image::caption, "Map of the corridor"))));
}

TEST(Tags, JsonLdKeywordsAndSectionComeFirst) {
  Article a = ExtractHtmlPage(R"(<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Dry ports",
 "keywords": ["Khorgos", "logistics"], "articleSection": "Economy"}</script>
<meta name="keywords" content="logistics, China"></head><body><article>)" + kParagraphs + "</article></body></html>",
                   "https://news.example/a/");
  EXPECT_THAT(a.tags, ElementsAre("Khorgos", "logistics", "Economy", "China"));
}

TEST(Images, OpenGraphImageLeadsWithItsAltText) {
  Article a = ExtractHtmlPage(R"(<html><head><meta property="og:image" content="/uploads/lead.jpg">
<meta property="og:image:alt" content="Trucks at the Khorgos gateway"></head><body><article>)" + kParagraphs +
                       R"(<figure><img src="/uploads/lead.jpg"><figcaption>Khorgos.</figcaption></figure></article></body></html>)",
                   "https://news.example/a/");
  EXPECT_THAT(a.images, ElementsAre(AllOf(Field(&Image::url, "https://news.example/uploads/lead.jpg"),
                                          Field(&Image::caption, "Trucks at the Khorgos gateway"))));
}

TEST(Images, BaseHrefResolvesRelativeSources) {
  Article a = ExtractHtmlPage(R"(<html><head><base href="https://static.example/news/"></head><body><article>)" + kParagraphs +
                       R"(<p><img src="img/1.jpg" alt="Rail yard"></p></article></body></html>)",
                   "https://news.example/a/b.html");
  EXPECT_THAT(a.images, ElementsAre(Field(&Image::url, "https://static.example/news/img/1.jpg")));
}

}  // namespace
}  // namespace caravan::extract
