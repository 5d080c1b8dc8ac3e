"""The stakeholder web page, opened in a real headless Chromium (Debian's
chromium and chromium-driver, driven by Selenium): it renders, a click shows
a card's details, the filters change the numbers, and it asks the network
for nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from journeymap.io.html_page import name_lines, page_html, write_page
from journeymap.io.journey_file import load
from journeymap.io.templates import sample_path
from journeymap.model.actions import Action

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture
def sample():
    return load(sample_path())


def test_the_page_is_one_file_with_nothing_to_fetch(sample):
    page = page_html(sample)
    assert "default-src 'none'" in page  # the browser itself refuses any request
    for needle in ("http://", "https://", "<link", "src=\"", "@import", "url(http"):
        assert needle not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
            "'http://www.w3.org/2000/svg'", "")
    assert page.count('class="card"') == len(sample.touchpoints)


def test_a_hostile_name_stays_text(sample):
    sample.update_touchpoint("support-chat", name='</script><script>alert(1)</script> & <b>')
    page = page_html(sample)
    assert "<script>alert(1)" not in page
    data = page.split('<script type="application/json" id="data">')[1].split("</script>")[0]
    assert json.loads(data)["names"]["support-chat"] == '</script><script>alert(1)</script> & <b>'


def test_long_names_wrap_on_two_lines():
    assert name_lines("Quarterly business review") == ["Quarterly business", "review"]
    assert name_lines("A very long name that goes on and on") == ["A very long name", "that goes on and on"]
    assert all(len(line) <= 19 for line in name_lines("Supercalifragilisticexpialidocious onboarding"))


@pytest.fixture
def browser():
    if not (CHROMIUM and DRIVER):
        if os.environ.get("JOURNEYMAP_REQUIRE_BROWSER"):
            pytest.fail("chromium and chromium-driver are required here (Debian packages)")
        pytest.skip("needs Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000",
                "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_in_a_real_browser_click_filter_and_no_network(sample, tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    sample.set_action(Action("action-1", "Staff the evening shift", touchpoints=("support-chat",)))
    path = tmp_path / "map.html"
    write_page(sample, path)
    browser.get(path.as_uri())
    assert browser.title == sample.info.name
    cards = browser.find_elements(By.CSS_SELECTOR, "svg#map .card")
    assert len(cards) == len(sample.touchpoints)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    summary = browser.find_element(By.ID, "summary").text
    assert summary.startswith("Showing all customers, 2026-Q3: 43% of measured results on target · touchpoints: "
                              "✕ 6 miss")
    chat = browser.find_element(By.CSS_SELECTOR, '.card[data-id="support-chat"]')
    assert "✕ NPS -12" in chat.find_element(By.CSS_SELECTOR, ".badges").text
    chat.click()
    details = browser.find_element(By.ID, "details").text
    assert details.startswith("Support chat\n✕ Misses target · weak touchpoint #4")
    assert "NPS -12 ± up to 9, n=460 +30 ✕ Misses target" in details
    assert "NPS -12 vs target +30, 42 short" in details
    assert "Open actions\nStaff the evening shift (idea)" in details
    # The segment filter changes the numbers, on the card and in the details.
    Select(browser.find_element(By.ID, "segment")).select_by_value("SMB")
    assert "NPS -17" in chat.find_element(By.CSS_SELECTOR, ".badges").text
    assert "NPS -17" in browser.find_element(By.ID, "details").text
    assert browser.find_element(By.ID, "summary").text.startswith("Showing SMB, 2026-Q3")
    Select(browser.find_element(By.ID, "period")).select_by_value("2026-Q2")
    assert "2026-Q2" in browser.find_element(By.ID, "summary").text
    Select(browser.find_element(By.ID, "segment")).select_by_value("Enterprise")
    if not any(m.segment == "Enterprise" and m.period == "2026-Q2" for m in sample.measurements):
        assert browser.find_element(By.ID, "summary").text.endswith("no measurements for this view.")
    # Daily dashboards: a miss within the margin of error says so in words.
    Select(browser.find_element(By.ID, "segment")).select_by_value("")
    Select(browser.find_element(By.ID, "period")).select_by_value("")
    browser.find_element(By.CSS_SELECTOR, '.card[data-id="daily-use"]').click()
    assert "every miss is within the margin of error" in browser.find_element(By.ID, "details").text
    # The keyboard reaches a card too.
    browser.execute_script("document.querySelector('.card[data-id=\"pricing-page\"]').focus()")
    browser.switch_to.active_element.send_keys("\n")
    assert browser.find_element(By.ID, "details").text.startswith("Pricing page")
    # Nothing but the page itself was requested.
    assert _requests(browser) == [path.as_uri()]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_cli_exports_the_page(tmp_path):
    out = tmp_path / "map.html"
    r = subprocess.run([sys.executable, "-m", "journeymap", "export", str(sample_path()), str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("wrote map.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_big_map_embeds_fewer_views_and_offers_only_those(sample, monkeypatch):
    import journeymap.io.html_page as page_module
    full = page_html(sample)
    assert '<option value="SMB">' in full
    assert '<option value="2026-Q2">' in full
    monkeypatch.setattr(page_module, "MAX_CARD_VIEWS", 3 * len(sample.touchpoints))  # room for segments only
    page = page_html(sample)
    data = json.loads(page.split('<script type="application/json" id="data">')[1].split("</script>")[0])
    assert sorted(data["views"]) == sorted(["|", "SMB|", "Enterprise|"])
    assert '<option value="2026-Q2">' not in page
    assert "Latest (2026-Q3)" in page
    monkeypatch.setattr(page_module, "MAX_CARD_VIEWS", 1)
    page = page_html(sample)
    assert '<option value="SMB">' not in page


def test_a_cards_details_carry_its_research_personas_future_state_and_link(sample):
    from journeymap.model.evidence import Evidence
    from journeymap.model.personas import Persona
    sample.set_persona(Persona("persona-1", "IT admin"))
    sample.update_touchpoint("support-chat", persona_emotions=(("persona-1", -1.5),), state="changed",
                             future_note="A bot answers first", evidence_level="measured", link="detail/chat.journey",
                             evidence=(Evidence("quote", "</script>Too slow", "Interview 2", "2026-10-01"),
                                       Evidence("link", "Study", ref="https://example.org/s")))
    page = page_html(sample)
    assert "</script>Too slow" not in page  # a hostile quote stays text in the data block
    data = json.loads(page.split('<script type="application/json" id="data">')[1].split("</script>")[0])
    groups = dict(data["evidence"]["support-chat"])
    assert groups["Evidence"][0].startswith("Measured: backed by data")
    assert groups["Evidence"][1] == "“</script>Too slow” (Interview 2, 2026-10-01)"
    assert groups["Evidence"][2] == "Link: Study (https://example.org/s)"
    assert groups["Emotion by persona"] == ["IT admin: -1.5"]
    assert groups["Future state"] == ["● Changed: A bot answers first"]
    assert groups["Detailed journey"] == ["detail/chat.journey"]
    assert page.count('class="state-tag"') == 1  # the changed card's tag, as on the map
    assert "● Changed</text>" in page


def test_in_a_real_browser_a_persona_shows_its_segment_and_how_it_feels(sample, tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from journeymap.model.personas import Persona
    sample.set_persona(Persona("persona-1", "Team lead", "Wants answers in days", segment="SMB"))
    sample.set_persona(Persona("persona-2", "Finance buyer"))
    sample.update_touchpoint("support-chat", persona_emotions=(("persona-1", -1.5),))
    path = tmp_path / "map.html"
    write_page(sample, path)
    browser.get(path.as_uri())
    chat = browser.find_element(By.CSS_SELECTOR, '.card[data-id="support-chat"]')
    Select(browser.find_element(By.ID, "persona")).select_by_value("persona-1")
    assert browser.find_element(By.ID, "segment").get_attribute("value") == "SMB"
    assert browser.find_element(By.ID, "summary").text.startswith("Showing SMB, 2026-Q3")
    assert "NPS -17" in chat.find_element(By.CSS_SELECTOR, ".badges").text
    assert "segment SMB's" in browser.find_element(By.ID, "persona-note").text
    # Its emotion curve alone, everyone's faded behind it.
    assert browser.find_element(By.CSS_SELECTOR, '.curve[data-persona="persona-1"]').is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, '.curve[data-persona="persona-2"]').is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, '.curve[data-persona=""]').value_of_css_property("opacity") == "0.3"
    chat.click()
    assert "How Team lead feels here: -1.5 (from -2 to +2)" in browser.find_element(By.ID, "details").text
    # A persona with no segment leaves the figures as they are.
    Select(browser.find_element(By.ID, "persona")).select_by_value("persona-2")
    assert browser.find_element(By.ID, "segment").get_attribute("value") == "SMB"
    assert "How Finance buyer feels here: not set" in browser.find_element(By.ID, "details").text
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_a_map_without_personas_has_no_persona_choice(sample):
    page = page_html(sample)
    assert 'id="persona"' not in page
    assert page.count('class="curve"') == 1  # everyone's emotion curve, as on the map


def test_each_persona_has_a_curve_with_its_line_and_marker(sample):
    from journeymap.drawing.theme import persona_style
    from journeymap.io.html_page import DASH_ARRAYS
    from journeymap.model.personas import Persona
    for i, name in enumerate(("A", "B", "C")):
        sample.set_persona(Persona(f"persona-{i + 1}", name))
    for tp in sample.touchpoints[:4]:
        sample.update_touchpoint(tp.id, persona_emotions=(("persona-1", 1.0), ("persona-2", 0.0), ("persona-3", -1.0)))
    page = page_html(sample)
    assert page.count('class="curve"') == 4
    for i in range(3):
        style = persona_style(i)
        group = page.split(f'data-persona="persona-{i + 1}">')[1].split("</g>")[0]
        assert group.startswith('<path d="M')  # the line through its cards' columns
        assert f'stroke="{style.color}"' in group
        assert f'stroke-dasharray="{DASH_ARRAYS[style.dash]}"' in group
        assert group.count("<path") + group.count("<rect") + group.count("<circle") == 1 + 4  # a marker a card
