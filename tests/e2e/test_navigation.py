"""The main navigation by area: an officer gets the Border desk as a direct link, first; a user with several
roles gets disclosure menus (Border, Screening, Administration) that hold every page their roles open, on one
line at 1280 px, opened from the keyboard, mirrored in Arabic. Screenshots go to the artifacts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hudud.policy import Caller, Principal
from hudud.services import identity
from hudud.web.templating import BORDER_DESK, NavGroup, NavItem, nav_links, nav_section, navigation
from tests.e2e.conftest import PASSWORD, SYSTEM, Node, sign_in

MULTI = "multi.mar"  # supervisor, analyst and administrator at once
# Every page the flat navigation linked to before it was grouped.
ALL_PATHS = {
    "/", "/documents", "/screening", "/travellers", "/border", "/border/cases", "/border/overstayers",
    "/border/statistics", "/lists", "/alerts", "/piu", "/admin/users", "/admin/audit", "/training",
    "/secretariat", "/account",
}  # fmt: skip


def add_multi_role_user(node: Node) -> None:
    node.run(
        lambda s: identity.create_user(
            s,
            SYSTEM,
            username=MULTI,
            full_name="Multi Role",
            password=PASSWORD,
            country="MAR",
            agency="border_police",
            roles=("supervisor", "analyst", "admin"),
        )
    )


def _caller(*roles: str, agency: str = "border_police") -> Caller:
    return Caller(Principal(1, "u", "MAR", agency, frozenset(roles)))


def _groups(entries: list[NavItem | NavGroup]) -> dict[str, list[str]]:
    return {e.key: [i.label for i in e.items] for e in entries if isinstance(e, NavGroup)}


# -- the structure, without a server -------------------------------------------------------------------


def test_an_officer_gets_the_desk_first_and_no_administration() -> None:
    entries = navigation(_caller("officer"))
    assert entries[0] == BORDER_DESK and BORDER_DESK.path == "/border"  # one click, first
    groups = _groups(entries)
    assert "admin" not in groups
    assert groups == {
        "border": ["Hit cases", "Travellers", "Overstayers"],
        "screening": ["Screening", "Documents"],
    }
    direct = [e.label for e in entries if isinstance(e, NavItem)]
    assert direct == ["Border desk", "Home", "Training", "My account"]  # Training: the group's one item


def test_a_multi_role_user_gets_menus_holding_every_page_of_their_roles() -> None:
    entries = navigation(_caller("supervisor", "analyst", "admin"))
    assert _groups(entries) == {
        "border": ["Hit cases", "Travellers", "Overstayers", "Border statistics"],
        "screening": ["Screening", "Lists", "Documents", "Alerts", "Passenger information"],
        "admin": ["Users", "Audit log"],
    }
    assert len(entries) == 7  # instead of 15 links in a row
    assert {i.path for i in nav_links(entries)} == ALL_PATHS - {"/secretariat"}


def test_every_page_is_still_reachable_and_lone_items_are_direct_links() -> None:
    assert {i.path for i in nav_links(navigation(Caller(None)))} == ALL_PATHS  # may do everything
    admin = navigation(_caller("admin"))
    assert [e.label for e in admin if isinstance(e, NavItem)] == [
        "Home", "Border statistics", "Lists", "Training", "My account",
    ]  # fmt: skip
    assert _groups(admin) == {"admin": ["Users", "Audit log"]}
    assert navigation(None) == []


def test_the_section_of_a_page_is_its_longest_link() -> None:
    entries = navigation(Caller(None))
    assert nav_section(entries, "/border") == "/border"
    assert nav_section(entries, "/border/cases/12") == "/border/cases"  # a hit case, not the desk
    assert nav_section(entries, "/border/crossings/3") == "/border"
    assert nav_section(entries, "/travellers/5") == "/travellers"
    assert nav_section(entries, "/") == "/"
    assert nav_section(entries, "/login") is None  # "/" is only itself
    assert nav_section(entries, "/bordering") is None


# -- the pages, over HTTP -------------------------------------------------------------------------------


class _Nav(HTMLParser):
    """The main navigation of a page: top-level entries, and links with the group they sit in."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.depth = 0
        self.group: str | None = None
        self.top: list[str] = []  # "a:/path" or "group:key"
        self.links: dict[str, tuple[str | None, str | None]] = {}  # path -> (group, aria-current)
        self.current_groups: list[str] = []
        self.labels: dict[str, str] = {}  # group key -> summary text
        self._summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-testid") == "mainnav":
            self.inside = True
        if not self.inside:
            return
        if tag in ("nav", "details", "ul", "li", "summary"):
            self.depth += 1
        if tag == "details":
            self.group = str(a["data-testid"]).removeprefix("nav-group-")
            self.top.append(f"group:{self.group}")
        elif tag == "summary":
            self._summary = True
            if a.get("aria-current") == "true":
                self.current_groups.append(str(self.group))
        elif tag == "a":
            path = str(a["href"])
            self.links[path] = (self.group, a.get("aria-current"))
            if self.group is None:
                self.top.append(f"a:{path}")

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "details":
            self.group = None
        if tag == "summary":
            self._summary = False
        if tag in ("nav", "details", "ul", "li", "summary"):
            self.depth -= 1
            if tag == "nav" and self.depth == 0:
                self.inside = False

    def handle_data(self, data: str) -> None:
        if self._summary and self.group:
            self.labels[self.group] = self.labels.get(self.group, "") + data.strip()


def _nav(html: str) -> _Nav:
    parsed = _Nav()
    parsed.feed(html)
    assert parsed.top, "no main navigation on the page"
    return parsed


def _csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def _sign_in(client, username: str) -> str:  # type: ignore[no-untyped-def]
    client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": _csrf(client.get("/login").text)},
    )
    return _csrf(client.get("/account").text)


def test_officer_page_has_the_desk_as_a_direct_link_and_no_admin_group(client) -> None:
    _sign_in(client, "officer.mar")
    nav = _nav(client.get("/").text)
    assert nav.top[0] == "a:/border"  # the desk: first, one click
    assert nav.links["/border"] == (None, None)
    assert (
        "group:admin" not in nav.top and "/admin/users" not in nav.links and "/admin/audit" not in nav.links
    )
    assert nav.top == ["a:/border", "a:/", "group:border", "group:screening", "a:/training", "a:/account"]
    assert nav.links["/"] == (None, "page")  # aria-current on the page shown


def test_multi_role_page_has_menus_holding_all_their_items(client, node) -> None:
    add_multi_role_user(node)
    _sign_in(client, MULTI)
    page = client.get("/travellers")
    assert page.status_code == 200
    nav = _nav(page.text)
    assert nav.top == [
        "a:/border", "a:/", "group:border", "group:screening", "a:/training", "group:admin", "a:/account",
    ]  # fmt: skip
    assert set(nav.links) == ALL_PATHS - {"/secretariat"}
    groups = {path: group for path, (group, _) in nav.links.items()}
    assert [p for p, g in groups.items() if g == "border"] == [
        "/border/cases", "/travellers", "/border/overstayers", "/border/statistics",
    ]  # fmt: skip
    assert [p for p, g in groups.items() if g == "screening"] == [
        "/screening",
        "/lists",
        "/documents",
        "/alerts",
        "/piu",
    ]
    assert [p for p, g in groups.items() if g == "admin"] == ["/admin/users", "/admin/audit"]
    assert nav.links["/travellers"] == ("border", "page")
    assert nav.current_groups == ["border"]  # the group holding the current page is marked
    assert nav.labels == {"border": "Border", "screening": "Screening", "admin": "Administration"}
    assert 'name="mainnav"' in page.text  # one menu open at a time
    # a page below a link marks its group too, without claiming to be that page
    below = client.get("/alerts/new")
    below_nav = _nav(below.text)
    assert below_nav.current_groups == ["screening"] and below_nav.links["/alerts"] == ("screening", None)
    assert '<a href="/alerts" class="in-section">' in below.text


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("ar", {"border": "الحدود", "screening": "الفحص", "admin": "الإدارة"}),
        ("fr", {"border": "Frontière", "screening": "Criblage", "admin": "Administration"}),
    ],
)
def test_groups_in_arabic_and_french(client, node, lang: str, labels: dict[str, str]) -> None:
    add_multi_role_user(node)
    csrf = _sign_in(client, MULTI)
    client.post("/language", data={"lang": lang, "back": "/", "csrf_token": csrf})
    html = client.get("/").text
    assert re.search(rf'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">', html)
    nav = _nav(html)
    assert nav.labels == labels
    assert nav.top[:2] == ["a:/border", "a:/"]


# -- in Chromium ----------------------------------------------------------------------------------------


def _box(locator) -> dict[str, float]:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    assert box is not None
    return box


def _one_line(page) -> None:  # type: ignore[no-untyped-def]
    nav = page.locator("[data-testid=mainnav]")
    tops = nav.locator(":scope > a, :scope > details > summary")
    boxes = [_box(tops.nth(i)) for i in range(tops.count())]
    assert len(boxes) == 7
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 2, boxes  # one row, no wrapping
    assert _box(nav)["height"] < 1.5 * boxes[0]["height"]


@pytest.mark.browser
def test_menus_fit_one_line_open_from_the_keyboard_and_mirror_in_arabic(
    page, live_server, node, artifacts: Path
) -> None:
    add_multi_role_user(node)
    shots = artifacts / "navigation"
    shots.mkdir(exist_ok=True)
    sign_in(page, live_server, MULTI)
    assert page.viewport_size["width"] == 1280
    _one_line(page)

    # Keyboard: Tab to the Screening menu's button, Enter opens it, Tab reaches its links, Escape closes.
    screening = page.locator("[data-testid=nav-group-screening]")
    summary = screening.locator("summary")
    for _ in range(12):
        page.keyboard.press("Tab")
        if summary.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("the Screening menu is not reachable with Tab")
    assert screening.get_attribute("open") is None and not screening.locator("a[href='/alerts']").is_visible()
    page.keyboard.press("Enter")
    assert screening.get_attribute("open") == "" and screening.locator("a[href='/alerts']").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/screening"
    page.screenshot(path=str(shots / "open-en.png"))
    page.keyboard.press("Escape")
    assert screening.get_attribute("open") is None
    assert summary.evaluate("e => e === document.activeElement")
    # Space opens it too; another menu opening closes the first (one at a time).
    page.keyboard.press("Space")
    assert screening.get_attribute("open") == ""
    page.locator("[data-testid=nav-group-admin] summary").click()
    assert screening.get_attribute("open") is None
    page.keyboard.press("Escape")

    # Enter on a link inside the menu goes there; the page then marks its group.
    summary.focus()
    page.keyboard.press("Enter")
    screening.locator("a[href='/alerts']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/alerts")
    assert page.locator("[data-testid=nav-group-screening] summary").get_attribute("aria-current") == "true"
    assert page.locator("[data-testid=nav-group-border] summary").get_attribute("aria-current") is None

    ltr_summary = _box(page.locator("[data-testid=nav-group-border] summary"))
    page.locator("[data-testid=nav-group-border] summary").click()
    ltr_menu = _box(page.locator("[data-testid=nav-group-border] ul"))
    assert abs(ltr_menu["x"] - ltr_summary["x"]) < 1  # hangs from the button's left edge

    page.click("[data-testid=lang-ar]")
    page.wait_for_selector("html[lang=ar][dir=rtl]")
    _one_line(page)
    brand = _box(page.locator("[data-testid=brand]"))
    desk = _box(page.locator("[data-testid=mainnav] > a[href='/border']"))
    assert brand["x"] > desk["x"] > page.locator(".tools").bounding_box()["x"]  # brand right, tools left
    border = page.locator("[data-testid=nav-group-border]")
    assert border.locator("summary").inner_text().startswith("الحدود")
    border.locator("summary").focus()
    page.keyboard.press("Enter")
    menu, button = _box(border.locator("ul")), _box(border.locator("summary"))
    assert abs((menu["x"] + menu["width"]) - (button["x"] + button["width"])) < 1  # its right edge: mirrored
    assert menu["x"] < button["x"]  # and it opens towards the left
    assert border.locator("a[href='/travellers']").inner_text() == "المسافرون"
    page.screenshot(path=str(shots / "open-ar.png"))


@pytest.mark.browser
def test_menus_work_without_javascript(browser, live_server, node) -> None:
    add_multi_role_user(node)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    try:
        tab = context.new_page()
        sign_in(tab, live_server, MULTI)
        admin = tab.locator("[data-testid=nav-group-admin]")
        admin.locator("summary").focus()
        tab.keyboard.press("Enter")
        assert admin.locator("a[href='/admin/audit']").is_visible()
        tab.keyboard.press("Tab")
        tab.keyboard.press("Tab")
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        assert tab.url.endswith("/admin/audit")
        assert tab.locator("[data-testid=nav-group-admin] summary").get_attribute("aria-current") == "true"
    finally:
        context.close()
