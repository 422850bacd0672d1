"""The Scrapy baseline of `make bench-crawl`.

Crawls the generated web from the same entry points caravan gets (each
site's home page, feed and sitemap), follows every in-site link, obeys
robots.txt, and writes url + title + text of each article. Run by run.py:

    scrapy runspider scrapy_spider.py -a origins_file=ORIGINS -a stats_file=STATS -O items.jsonl

Settings follow Scrapy's own advice for broad crawls (a downloader-aware
queue, no cookies), so the baseline is Scrapy at its best, not its defaults.
"""

import json
import time

import scrapy
from scrapy import signals


class BenchSpider(scrapy.Spider):
    name = "bench"
    custom_settings = {
        "CONCURRENT_REQUESTS": 256,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "INFO",
        "USER_AGENT": "scrapy-bench",
        "COOKIES_ENABLED": False,
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "REACTOR_THREADPOOL_MAXSIZE": 20,
        "TELNETCONSOLE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, origins_file, stats_file, **kwargs):
        super().__init__(**kwargs)
        with open(origins_file) as f:
            self.origins = [line.strip() for line in f if line.strip()]
        # Hostnames without the port: the offsite filter compares hostnames.
        self.allowed_domains = [o.split("://", 1)[1].rsplit(":", 1)[0] for o in self.origins]
        self.stats_file = stats_file
        self.items = 0
        self.first_item = None
        self.last_item = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_scraped, signal=signals.item_scraped)
        return spider

    def item_scraped(self, item, response, spider):
        self.items += 1
        self.last_item = time.time()
        if self.first_item is None:
            self.first_item = self.last_item

    def start_requests(self):
        for origin in self.origins:
            yield scrapy.Request(origin + "/", callback=self.parse)
            yield scrapy.Request(origin + "/feed/", callback=self.parse_feed)
            yield scrapy.Request(origin + "/sitemap.xml", callback=self.parse_sitemap)

    def parse_feed(self, response):
        for link in response.xpath("//item/link/text()").getall():
            yield response.follow(link.strip(), callback=self.parse)

    def parse_sitemap(self, response):
        response.selector.remove_namespaces()
        for loc in response.xpath("//url/loc/text()").getall():
            yield scrapy.Request(loc.strip(), callback=self.parse)

    def parse(self, response):
        if not hasattr(response, "css"):
            return
        paragraphs = response.css("article div.entry-content p::text").getall()
        if paragraphs:
            yield {
                "url": response.url,
                "title": (response.css("h1::text").get() or "").strip(),
                "text": "\n\n".join(p.strip() for p in paragraphs),
            }
        yield from response.follow_all(css="a", callback=self.parse)

    def closed(self, reason):
        with open(self.stats_file, "w") as f:
            json.dump({"items": self.items, "first_item": self.first_item, "last_item": self.last_item,
                       "reason": reason}, f)
