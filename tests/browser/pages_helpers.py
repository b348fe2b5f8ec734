"""What the page-flow browser tests share: a session that counts clicks and page
loads, refuses admin URLs, saves screenshots, runs axe-core and checks widths."""
import os
import re
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", Path(__file__).resolve().parents[2] / "var" / "browser-artifacts"))
WIDTHS = (1366, 768, 390)


class Session:
    """A Playwright page with counters: every click (and every confirm accepted) and every page load."""

    def __init__(self, page, base, name):
        self.page, self.base, self.name = page, base, name
        self.clicks = self.loads = self.shots = 0
        self.admin_urls, self.violations = [], []
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        page.on("load", lambda _page: self._loaded())
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _loaded(self):
        self.loads += 1

    def _request(self, request):
        if re.search(r"://[^/]+/admin(/|$)", request.url):
            self.admin_urls.append(request.url)

    def _dialog(self, dialog):
        self.clicks += 1
        dialog.accept()

    def goto(self, path):
        return self.page.goto(self.base + path)

    def click(self, selector, navigates=False):
        self.clicks += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.click(selector)
        else:
            self.page.click(selector)

    def shot(self, label):
        self.shots += 1
        self.page.screenshot(path=str(self.folder / f"{self.shots:02d}-{label}.png"), full_page=True)

    def axe(self, label):
        """axe-core on the page as it is: serious and critical violations are collected with the page's label."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("""async () => {
            // judge the page once its transitions (a tab fading in) have ended, as the user sees it:
            // Bootstrap adds .show to a tab pane only after the old pane has faded, so wait for that first
            const settling = '.fade.active:not(.show), .collapsing';
            for (let i = 0; i < 100 && document.querySelector(settling); i++) {
                await new Promise(r => setTimeout(r, 20));
            }
            await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        self.violations += [(label, v) for v in result]
        return result

    def overflow(self):
        """How far the page is wider than the window (0 when nothing scrolls sideways)."""
        return self.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")

    def login(self, username, password="pw"):
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.click("button[type=submit]", navigates=True)

    def report(self):
        line = (f"[{self.name}] clicks={self.clicks} page_loads={self.loads} screenshots={self.shots} "
                f"in {self.folder}")
        print(line)
        return line
