"""Finds references to other hosts in pages, stylesheets and scripts: the
application runs on intranets without internet access, so nothing it serves may
load anything from elsewhere.

Standard library only: the production smoke step (.ci/prod_smoke_http.py) uses
it from a virtualenv that has only requirements.txt, and the test suite uses it
on pages rendered by the test client (tests/core/test_static_offline.py).

What counts as a reference:
- HTML: every src, href, srcset, action, formaction, poster and data attribute
  (links included: an intranet user cannot follow them either), url() and
  @import in inline styles, and the script patterns below in inline scripts;
- CSS: url() and @import targets;
- JS: a string literal with an http(s) URL given to something that loads or
  links it (a `src`, `href`, `url`, `...Url`, `action` key or property, or a
  call of fetch, import, importScripts, open, sendBeacon, EventSource,
  WebSocket or Worker), and url() inside CSS strings. Other URLs in scripts
  (error messages, licence comments, JSON-schema identifiers) load nothing.
"""
import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background"}
# <link rel=...> values that make the browser fetch the target.
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest",
                     "prefetch", "preconnect", "dns-prefetch", "mask-icon"}

CSS_URL = re.compile(r"""(?i)(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""")
# A string literal holding an http(s) URL, and what stands right before it.
JS_STRING_URL = re.compile(r"""["'`](https?://[^"'`\s\\]+)""")
JS_LOADER_BEFORE = re.compile(
    r"""(?i)(?:src|href|url|action|fetch|importscripts|import|open|sendbeacon|eventsource|websocket|worker)"""
    r"""["']?\s*(?:[:=]|\()\s*$"""
)
EXTERNAL = re.compile(r"(?i)^\s*(?:https?:)?//")

# Third-party bundles we serve (drf-spectacular-sidecar) name a few other hosts.
# Each is allowed for the reason given, and only in the file named.
ALLOWED_IN_SCRIPTS = {
    # Swagger UI's default online validator (it would load a badge image from
    # swagger.io): SPECTACULAR_SETTINGS sets validatorUrl to None, and the docs
    # pages' Content-Security-Policy (core/api_docs.py) refuses other origins.
    ("swagger-ui-bundle.js", "https://validator.swagger.io/validator"),
    # ReDoc's sidebar logo: an <img> the browser is told not to load by the docs
    # pages' Content-Security-Policy (img-src 'self' data:), so ReDoc hides it.
    ("redoc.standalone.js", "https://cdn.redoc.ly/redoc/logo-mini.svg"),
    # The "API docs by Redocly" footer link: nothing is loaded unless clicked.
    ("redoc.standalone.js", "https://redocly.com/redoc/"),
    # A provenance label ReDoc writes into a converted Swagger 2 spec; never fetched.
    ("redoc.standalone.js", "https://github.com/mermade/oas-kit"),
}


def is_external(url, origin=""):
    """An absolute or protocol-relative URL to another host (not `origin`)."""
    if origin and url.strip().lower().startswith(origin.rstrip("/").lower() + "/"):
        return False
    return bool(EXTERNAL.match(url))


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references = []  # (tag, attribute, url)
        self.assets = []  # URLs the browser fetches: script src, fetched link href, img/source src
        self.inline_scripts = []
        self.inline_styles = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        values = dict(attrs)
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                for url in _split_srcset(value) if name == "srcset" else [value]:
                    self.references.append((tag, name, url.strip()))
            if name == "style":
                self.inline_styles.append(value)
        if tag in {"script", "img", "source", "iframe", "embed", "audio", "video", "track"} and values.get("src"):
            self.assets.append(values["src"].strip())
        if tag in {"img", "source"} and values.get("srcset"):
            self.assets += _split_srcset(values["srcset"])
        if tag == "link" and values.get("href") and FETCHED_LINK_RELS & set(values.get("rel", "").lower().split()):
            self.assets.append(values["href"].strip())
        if tag in {"script", "style"}:
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.inline_scripts.append(data)
        elif self._in == "style":
            self.inline_styles.append(data)


def _split_srcset(value):
    return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


def parse_html(text):
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector


def asset_urls(text):
    """The URLs a browser fetches to show this page (scripts, stylesheets, icons, images)."""
    return parse_html(text).assets


def external_in_html(text, origin=""):
    """Descriptions of every reference to another host in a page."""
    page = parse_html(text)
    found = [f"<{tag} {attribute}={url!r}>" for tag, attribute, url in page.references if is_external(url, origin)]
    for style in page.inline_styles:
        found += [f"inline style: {url}" for url in external_in_css(style, origin)]
    for script in page.inline_scripts:
        found += [f"inline script: {url}" for url in external_in_js(script, origin=origin)]
    return found


def external_in_css(text, origin=""):
    return [url for url in CSS_URL.findall(text) if is_external(url, origin)]


def external_in_js(text, name="", origin=""):
    """External URLs the script would load or link, less ALLOWED_IN_SCRIPTS for a file called `name`."""
    base = name.rsplit("/", 1)[-1].split("?")[0]
    found = [match.group(1) for match in JS_STRING_URL.finditer(text)
             if JS_LOADER_BEFORE.search(text, max(0, match.start() - 40), match.start())]
    found += CSS_URL.findall(text)
    allowed = {url for file, url in ALLOWED_IN_SCRIPTS if base == file or _hashed(base, file)}
    return [url for url in found if is_external(url, origin) and url not in allowed]


def _hashed(name, file):
    """`swagger-ui-bundle.3f2a9c1d0b7e.js` (the manifest storage's name) is `swagger-ui-bundle.js`."""
    stem, _, extension = file.rpartition(".")
    return bool(re.fullmatch(re.escape(stem) + r"\.[0-9a-f]{12}\." + re.escape(extension), name))


def external_in_asset(name, text, origin=""):
    """External references in a served file, judged by its extension."""
    path = name.split("?")[0].lower()
    if path.endswith(".css"):
        return external_in_css(text, origin)
    if path.endswith((".js", ".mjs")):
        return external_in_js(text, name=name, origin=origin)
    if path.endswith((".html", ".htm")):
        return external_in_html(text, origin)
    return []
