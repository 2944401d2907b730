"""The HTML pages through Flask's test client on the sample index: search, facets and chips,
the date form, pagination, sort, timeline, the article page, quote search, escaping of
hostile articles and the security headers."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import SEED_ID
from webui.app import create_app


@pytest.fixture(scope="module")
def app(sample_index):
    return create_app({"INDEX_DIR": str(sample_index), "TESTING": True})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


class Page(HTMLParser):
    """The parts of a page the tests look at: links, inputs, ids, elements by class."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.links: list[dict] = []           # {"href", "text", "class", attrs...}
        self.inputs: list[dict] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self._open_links: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            link = {**attrs, "text": ""}
            self.links.append(link)
            self._open_links.append(link)
        if tag == "input":
            self.inputs.append(attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            link = self._open_links.pop()
            link["text"] = " ".join(link["text"].split())

    def handle_data(self, data):
        for link in self._open_links:
            link["text"] += data

    def links_with(self, css_class: str) -> list[dict]:
        return [link for link in self.links if css_class in (link.get("class") or "").split()]

    def input_value(self, name: str, type_: str | None = None) -> str | None:
        for attrs in self.inputs:
            if attrs.get("name") == name and (type_ is None or attrs.get("type") == type_):
                return attrs.get("value")
        return None


def get(client, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(html.unescape(href)).query)


def result_ids(page: Page) -> list[str]:
    return [link["href"].removeprefix("/articles/") for link in page.links
            if link["href"].startswith("/articles/")]


def total(page: Page) -> int:
    match = re.search(r"<strong>([\d.]+)</strong> artikel", page.text)
    return int(match.group(1).replace(".", "")) if match else 0


# --- the search page ------------------------------------------------------------------------

def test_start_page_has_a_labelled_search_box_and_the_index_overview(client):
    page = get(client, "/")
    box = next(attrs for attrs in page.inputs if attrs.get("name") == "q")
    assert box["type"] == "search" and box["id"] == "q" and "autofocus" in box
    assert '<label for="q">' in page.text
    assert 'role="search"' in page.text
    assert "Indeks berisi <strong>1.198</strong> artikel" in page.text
    sources = [link for link in page.links if link["href"].startswith("/?source=")]
    assert any("Bisnis.com" in link["text"] for link in sources)


def test_results_have_title_link_source_date_snippet_and_entity_chips(client):
    page = get(client, "/?q=pyongyang+putin")
    assert SEED_ID in result_ids(page)
    assert re.search(r'<span class="source">Bisnis.com</span><span class="city">Jakarta</span>'
                     r'<time datetime="2024-06-18T00:00:00\+07:00">18 Juni 2024</time>', page.text)
    assert "<mark>" in page.text
    putin = [link for link in page.links_with("chip-person") if link["text"].endswith("Vladimir Putin")]
    assert putin and params(putin[0]["href"]) == {"q": ["pyongyang putin"], "person": ["Vladimir Putin"]}
    assert any(link["text"].endswith("Pyongyang") for link in page.links_with("chip-place"))
    assert re.search(r"Menampilkan 1–\d+ dari <strong>\d+</strong> artikel", page.text)
    assert re.search(r'<span class="muted">\([\d,]+ ms\)</span>', page.text)
    assert box_value(page) == "pyongyang putin"


def box_value(page: Page) -> str | None:
    return page.input_value("q", "search")


def test_facet_link_adds_a_filter_and_the_chip_removes_it(client):
    page = get(client, "/?q=presiden")
    persons = [link for link in page.links_with("facet-link")
               if params(link["href"]).get("person")]
    assert persons, "no person facet"
    href = persons[0]["href"]
    person = params(href)["person"][0]
    assert params(href) == {"q": ["presiden"], "person": [person]}

    filtered = get(client, href)
    assert 0 < total(filtered) < total(page)
    chips = filtered.links_with("chip-active")
    assert len(chips) == 1 and person in chips[0]["text"]
    assert params(chips[0]["href"]) == {"q": ["presiden"]}
    active = filtered.links_with("is-active")
    assert active and active[0].get("aria-current") == "true"
    assert params(active[0]["href"]) == {"q": ["presiden"]}
    # the main form carries the filter along with a new query
    assert ("person", person) in [(i.get("name"), i.get("value")) for i in filtered.inputs
                                  if i.get("type") == "hidden"]


def test_every_facet_kind_links_to_its_parameter(client):
    page = get(client, "/?q=jakarta")
    found = {name for link in page.links_with("facet-link") for name in params(link["href"])}
    assert {"person", "org", "place", "source"} <= found


def test_chips_remove_one_value_and_keep_the_rest(client):
    page = get(client, "/?q=rusia&person=Vladimir+Putin&place=Pyongyang&sort=newest&page=1")
    assert SEED_ID in result_ids(page)
    chips = {link["text"]: params(link["href"]) for link in page.links_with("chip-active")}
    assert chips == {
        "Tokoh: Vladimir Putin ×": {"q": ["rusia"], "sort": ["newest"], "place": ["Pyongyang"]},
        "Tempat: Pyongyang ×": {"q": ["rusia"], "sort": ["newest"], "person": ["Vladimir Putin"]},
    }
    clear = next(link for link in page.links if "clear-all" in (link.get("class") or ""))
    assert params(clear["href"]) == {"q": ["rusia"], "sort": ["newest"]}


def test_repeated_filter_values_are_removed_one_at_a_time(client):
    page = get(client, "/?place=Rusia&place=Pyongyang")
    chips = [params(link["href"]) for link in page.links_with("chip-active")]
    assert {"place": ["Pyongyang"]} in chips and {"place": ["Rusia"]} in chips


@pytest.mark.parametrize("date_from, date_to", [("Juni 2024", "Juni 2024"), ("18/6/2024", ""),
                                                 ("2024-06", "2024-06-30"), ("kemarin", ""),
                                                 ("7 hari terakhir", ""), ("", "2024")])
def test_date_form_accepts_indonesian_expressions(client, date_from, date_to):
    page = get(client, f"/?q=putin&from={date_from}&to={date_to}")
    assert page.input_value("from", "text") == date_from
    assert page.input_value("to", "text") == date_to
    if date_from in ("Juni 2024", "18/6/2024", "2024-06") or date_to == "2024":
        assert SEED_ID in result_ids(page)
    else:
        assert SEED_ID not in result_ids(page)


def test_date_form_keeps_the_rest_of_the_search(client):
    page = get(client, "/?q=putin&person=Vladimir+Putin&sort=oldest")
    form = page.text[page.text.index('class="date-form"'):]
    form = form[:form.index("</form>")]
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert hidden == {"q": "putin", "person": "Vladimir Putin", "sort": "oldest"}
    assert '<label for="from">' in form and '<label for="to">' in form


def test_bad_date_is_a_400_with_the_engines_message_and_the_input_kept(client):
    page = get(client, "/?q=putin&from=pertengahan+Juni&to=2024", status=400)
    assert 'role="alert"' in page.text
    assert "tidak dipahami" in page.text and "pertengahan Juni" in page.text
    assert page.input_value("from", "text") == "pertengahan Juni"
    assert page.input_value("to", "text") == "2024"
    assert box_value(page) == "putin"
    assert re.search(r'id="from"[^>]*aria-invalid="true"', page.text)


def test_empty_date_range_is_a_400(client):
    page = get(client, "/?q=putin&from=2024&to=2023", status=400)
    assert "from is after to" in page.text


def test_other_bad_parameters_are_400_pages(client):
    assert "sort must be one of" in get(client, "/?q=banjir&sort=acak", status=400).text
    assert "page must be" in get(client, "/?q=banjir&page=nol", status=400).text


def test_pagination_links_keep_every_parameter(client):
    page = get(client, "/?q=indonesia&source=cnn+indonesia&sort=newest")
    assert total(page) > 30
    nav = page.text[page.text.index('class="pagination"'):]
    nav = Page(nav[:nav.index("</nav>")])
    numbers = [link for link in nav.links if link["text"].isdigit()]
    assert numbers[0]["text"] == "1" and numbers[0].get("aria-current") == "page"
    last = -(-total(page) // 10)
    assert numbers[-1]["text"] == str(last)
    following = next(link for link in nav.links if link.get("rel") == "next")
    assert params(following["href"]) == {"q": ["indonesia"], "source": ["cnn indonesia"],
                                         "sort": ["newest"], "page": ["2"]}
    assert not any(link.get("rel") == "prev" for link in nav.links)

    second = get(client, following["href"])
    assert "Menampilkan 11–20 dari" in second.text
    assert set(result_ids(second)).isdisjoint(result_ids(page))
    nav2 = Page(second.text[second.text.index('class="pagination"'):])
    previous = next(link for link in nav2.links if link.get("rel") == "prev")
    assert params(previous["href"])["page"] == ["1"]
    assert any(link.get("aria-current") == "page" and link["text"] == "2" for link in nav2.links)


def test_page_past_the_end_says_so(client):
    page = get(client, "/?q=pyongyang&page=50")
    assert "Halaman 50 kosong" in page.text


def test_sort_links_and_order(client):
    page = get(client, "/?q=presiden&person=Joko+Widodo")
    sort_nav = Page(page.text[page.text.index('class="sort"'):page.text.index("</nav>", page.text.index('class="sort"'))])
    by_label = {link["text"]: link for link in sort_nav.links}
    assert by_label["Relevansi"].get("aria-current") == "true"
    assert params(by_label["Terbaru"]["href"]) == {"q": ["presiden"], "person": ["Joko Widodo"],
                                                   "sort": ["newest"]}
    newest = get(client, by_label["Terbaru"]["href"])
    oldest = get(client, by_label["Terlama"]["href"])
    dates_new = re.findall(r'<time datetime="([^"]+)"', newest.text)
    dates_old = re.findall(r'<time datetime="([^"]+)"', oldest.text)
    assert dates_new == sorted(dates_new, reverse=True) and len(dates_new) > 1
    assert dates_old == sorted(dates_old)
    assert 'aria-current="true">Terbaru' in newest.text


def test_did_you_mean_links_to_the_suggestion(client):
    page = get(client, "/?q=pertahnan")
    suggestion = next(link for link in page.links if link["text"] == "pertahanan")
    assert params(suggestion["href"]) == {"q": ["pertahanan"]}
    assert "Maksud Anda" in page.text


def test_nothing_found_says_so(client):
    page = get(client, "/?q=zzzxqyw")
    assert "Tidak ada artikel yang cocok" in page.text
    assert "<strong>0</strong> artikel" in page.text
    filtered = get(client, "/?q=zzzxqyw&person=Vladimir+Putin&place=Jepang")
    assert "hapus semua saringan" in filtered.text


def test_relaxed_query_is_explained(client):
    page = get(client, "/?q=banjir+xyzqqw")
    assert total(page) > 0
    assert "semua</em> kata" in page.text


# --- the timeline ---------------------------------------------------------------------------

def timeline_bars(page: Page) -> list[dict]:
    svg = page.text[page.text.index("<svg"):page.text.index("</svg>")]
    return [{"href": html.unescape(href), "label": html.unescape(label), "title": html.unescape(title)}
            for href, label, title in re.findall(
                r'<a href="([^"]+)" aria-label="([^"]+)"[^>]*>\s*<title>([^<]+)</title>', svg)]


@pytest.mark.parametrize("q, interval_words", [("indonesia", "per tahun"), ("pilkada", "per bulan"),
                                               ("Stoltenberg", "per hari")])
def test_timeline_bars_link_to_their_period(client, q, interval_words):
    page = get(client, f"/?q={q}")
    assert 'role="group" aria-labelledby="timeline-caption"' in page.text
    assert interval_words in page.text
    bars = timeline_bars(page)
    assert bars
    for bar in bars[:3]:
        assert bar["label"] == bar["title"]
        count = int(re.search(r": (\d+) artikel", bar["label"]).group(1))
        period = params(bar["href"])
        assert period["from"] == period["to"] and period["q"] == [q]
        filtered = get(client, bar["href"])
        assert total(filtered) == count
        assert filtered.input_value("from", "text") == period["from"][0]   # drill down: the
        assert filtered.input_value("to", "text") == period["to"][0]       # form shows the period


def test_timeline_labels_periods_in_indonesian(client):
    page = get(client, "/?q=Stoltenberg")
    assert timeline_bars(page)[0]["label"] == "18 Juni 2024: 1 artikel"
    page = get(client, "/?q=pilkada")
    assert any(re.fullmatch(r"(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|"
                            r"Oktober|November|Desember) \d{4}: \d+ artikel", bar["label"])
               for bar in timeline_bars(page))


def test_start_page_timeline_covers_the_index(client):
    bars = timeline_bars(get(client, "/"))
    assert sum(int(re.search(r": (\d+) artikel", bar["label"]).group(1)) for bar in bars) == 1198


# --- the article page -----------------------------------------------------------------------

def test_seed_article_page(client, app):
    page = get(client, f"/articles/{SEED_ID}")
    with app.app_context():
        record = app.extensions["telusur.engine"].article(SEED_ID)
    assert f'<h1 id="judul">{html.escape(record["title"])}</h1>' in page.text
    assert '<span class="source">Bisnis.com</span><span class="city">Jakarta</span>' in page.text
    assert "18 Juni 2024" in page.text
    body = page.text[page.text.index('class="article-body"'):page.text.index('class="quotes"')]
    paragraphs = [p for p in record["body"].split("\n\n") if p.strip()]
    assert body.count("<p>") == len(paragraphs) > 3
    persons = {link["text"].removeprefix("Cari berita dengan Tokoh: "): link["href"]
               for link in page.links_with("chip-person")}
    assert set(record["persons"]) <= set(persons)
    assert params(persons["Vladimir Putin"]) == {"person": ["Vladimir Putin"]}
    assert any(params(link["href"]) == {"place": ["Pyongyang"]} for link in page.links_with("chip-place"))
    assert any(params(link["href"]) == {"mentioned": ["2024-06-19"]} for link in page.links)
    assert 'id="kutipan-judul"' in page.text
    assert "Baca di situs sumber" not in page.text        # the seed has no URL


def test_entity_link_from_the_article_is_a_working_search(client):
    page = get(client, "/?person=Vladimir+Putin")
    assert SEED_ID in result_ids(page)


def test_quotes_are_grouped_by_speaker(client, app, monkeypatch):
    engine = app.extensions["telusur.engine"]
    with app.app_context():
        record = dict(engine.article(SEED_ID))
    record["quotes"] = [
        {"speaker": "John Kirby", "role": "juru bicara Gedung Putih", "text": "Kami <b>memantau</b>",
         "kind": "direct", "cue": "kata"},
        {"speaker": "Jens Stoltenberg", "role": "", "text": "aliansi mengikuti kunjungan itu",
         "kind": "indirect", "cue": "mengatakan"},
        {"speaker": "John Kirby", "role": "", "text": "Kerja sama itu mengkhawatirkan",
         "kind": "direct", "cue": "ujar"},
    ]
    monkeypatch.setattr(engine, "article", lambda article_id: record)
    page = get(client, f"/articles/{SEED_ID}")
    quotes = page.text[page.text.index('class="quotes"'):]
    assert quotes.count('class="speaker-group"') == 2
    kirby = quotes[quotes.index("John Kirby"):quotes.index("Jens Stoltenberg")]
    assert "juru bicara Gedung Putih" in kirby and kirby.count("Kutipan langsung") == 2
    assert "Kami &lt;b&gt;memantau&lt;/b&gt;" in kirby
    assert "Kutipan tidak langsung" in quotes[quotes.index("Jens Stoltenberg"):]
    assert any(link["href"] == "/quotes?speaker=John+Kirby" for link in Page(quotes).links)


def test_unknown_article_is_an_html_404(client):
    page = get(client, "/articles/tidak-ada/sama-sekali", status=404)
    assert "Tidak ada artikel dengan id “tidak-ada/sama-sekali”" in page.text
    assert 'href="/"' in page.text
    assert "Halaman tidak ditemukan" in get(client, "/tidak-ada", status=404).text


def test_api_404s_stay_out_of_the_html_handler(client):
    response = client.get("/api/articles/tidak-ada")
    assert response.status_code == 404 and response.is_json


# --- hostile articles -----------------------------------------------------------------------

DANGEROUS = ("<script>alert", "<img src=x onerror", "<img onerror", 'href="javascript:',
             "href='javascript:", "<b>Sumber</b>", "<i>rob</i>")


@pytest.mark.parametrize("url", ["/?q=banjir", "/?q=banjir+mengungsi&sort=newest", "/?source=<b>Sumber</b>",
                                 "/articles/hostile-script", "/articles/hostile-link",
                                 "/?q=<script>alert(1)</script>", "/?q=banjir&person=<img onerror=x>",
                                 "/?q=banjir&from=<script>alert(1)</script>"])
def test_hostile_text_is_escaped(client, url):
    response = client.get(url)
    text = response.get_data(as_text=True)
    assert response.status_code in (200, 400)
    for bad in DANGEROUS:
        assert bad.lower() not in text.lower(), (url, bad)


def test_hostile_article_shows_its_text_as_text(client):
    page = get(client, "/articles/hostile-script")
    assert "&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt; Banjir Jakarta" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "&lt;b&gt;Sumber&lt;/b&gt;" in page.text
    assert "javascript" not in page.text                   # its URL is not shown, let alone linked
    assert "Baca di situs sumber" not in page.text


def test_only_web_urls_become_links(client):
    page = get(client, "/articles/hostile-link")
    source = [link for link in page.links if link["text"].startswith("Baca di situs sumber")]
    assert len(source) == 1 and source[0]["href"] == "https://contoh.id/banjir"
    assert "noopener" in source[0]["rel"]
    assert all(not link["href"].lower().lstrip().startswith(("javascript:", "data:", "vbscript:"))
               for link in page.links)


# --- quote search ---------------------------------------------------------------------------

def test_quotes_page_searches_the_quotes_of_the_index(client):
    page = get(client, "/quotes?q=prihatin&speaker=Jens+Stoltenberg")
    assert box_value(page) == "prihatin" and '<label for="q">' in page.text
    assert 'aria-current="page">Kutipan' in page.text
    assert "Kami tentu saja juga prihatin" in page.text
    assert "Kutipan langsung" in page.text and "Sekretaris Jenderal NATO" in page.text
    assert any(link["href"] == f"/articles/{SEED_ID}" for link in page.links)
    chip = page.links_with("chip-active")
    assert len(chip) == 1 and params(chip[0]["href"]) == {"q": ["prihatin"]}


def test_quotes_page_speaker_facet_adds_a_filter(client):
    page = get(client, "/quotes?q=korea")
    stoltenberg = next(link for link in page.links_with("facet-link") if "Jens Stoltenberg" in link["text"])
    assert params(stoltenberg["href"]) == {"q": ["korea"], "speaker": ["Jens Stoltenberg"]}
    filtered = get(client, stoltenberg["href"])
    assert "John Kirby" not in filtered.text.split('class="quote-results"')[1].split("</ol>")[0]


def test_quotes_page_escapes_quote_text_and_refuses_bad_pages(client):
    page = get(client, "/quotes?q=mengungsi")
    assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text
    assert "page" in get(client, "/quotes?q=x&page=0", status=400).text


# --- every page: headers, landmarks, CSP-friendly markup --------------------------------------

PAGES = [("/", 200), ("/?q=banjir", 200), ("/?q=banjir&from=xx", 400), (f"/articles/{SEED_ID}", 200),
         ("/articles/tidak-ada", 404), ("/quotes", 200), ("/quotes?q=x", 200), ("/tidak-ada", 404)]


@pytest.mark.parametrize("url, status", PAGES + [("/static/telusur.css", 200), ("/static/favicon.svg", 200)])
def test_security_headers_on_every_page(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url, status", PAGES)
def test_pages_work_under_the_csp_and_have_landmarks(client, url, status):
    page = get(client, url, status=status)
    for tag, attrs in page.tags:
        assert "style" not in attrs, (tag, attrs)                     # no inline styles
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/")        # no inline scripts
        if tag == "link" and attrs.get("rel") == "stylesheet":
            assert attrs["href"].startswith("/static/")
    assert "<style" not in page.text
    assert page.links[0] == {"class": "skip-link", "href": "#konten", "text": "Langsung ke konten"}
    assert "konten" in page.ids and "<main" in page.text
    assert '<nav aria-label="Menu utama">' in page.text
    assert '<html lang="id">' in page.text
    assert 'name="viewport"' in page.text
    assert len(re.findall(r"<h1[ >]", page.text)) == 1
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for labelled in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', page.text):
        assert set(labelled.split()) <= page.ids, labelled


def test_current_page_is_marked_in_the_menu(client):
    assert 'aria-current="page">Cari berita' in get(client, "/?q=banjir").text
    assert 'aria-current="page">Cari berita' not in get(client, "/quotes").text


def test_missing_index_is_a_503_page(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True}).test_client()
    response = client.get("/?q=banjir")
    assert response.status_code == 503
    assert "telusur index" in response.get_data(as_text=True)
    assert client.get("/").status_code == 503
    assert client.get(f"/articles/{SEED_ID}").status_code == 503
