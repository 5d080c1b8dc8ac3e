"""File format 3: personas, future state, evidence and linked journeys."""

import dataclasses
import json
import re
from pathlib import Path

import pytest

from journeymap.io import journey_file
from journeymap.io.journey_file import JourneyFileError, load, save
from journeymap.model.edits import apply_edits, persona_emotion_edit, persona_removal_edits
from journeymap.model.evidence import Evidence
from journeymap.model.journey import JourneyError
from journeymap.model.personas import Persona

VERSION_2_FILE = Path(__file__).parent / "files" / "versions" / "saved-by-version-2.journey"


def research_journey(journey):
    """`journey` with two personas, a future state, evidence and a link."""
    journey.set_persona(Persona("persona-1", "Busy parent", "Shops late at night", "#e69f00", "pics/parent.png",
                                "Consumer"))
    journey.set_persona(Persona("persona-2", "Small business owner"))
    a, b, c = journey.touchpoints[:3]
    journey.update_touchpoint(a.id, persona_emotions=(("persona-1", -1.5), ("persona-2", 0.5)),
                              evidence_level="researched",
                              evidence=(Evidence("quote", "I gave up at the third form", "Interview 4", "2026-10-02"),
                                        Evidence("picture", "The form on a phone", ref="pics/form.png"),
                                        Evidence("link", "Survey report", ref="https://example.org/report")),
                              link="details/onboarding.journey")
    journey.update_touchpoint(b.id, state="changed", future_note="One form instead of three",
                              future_targets=(("nps", 40.0),))
    journey.update_touchpoint(c.id, state="retired")
    return journey


def test_a_file_saved_by_version_2_opens_unchanged_and_saves_as_version_3(tmp_path):
    raw = json.loads(VERSION_2_FILE.read_text(encoding="utf-8"))
    assert raw["version"] == 2  # written by journeymap before this format
    journey = load(VERSION_2_FILE)
    assert journey.personas == []
    assert all(tp.state == "current" and not tp.evidence and not tp.link for tp in journey.touchpoints)
    assert [a.title for a in journey.actions] == ["Shorten the sign-up form"]
    assert any(m.sd == 12.5 for m in journey.measurements)
    assert len(journey.touchpoints) == len(raw["touchpoints"])
    assert len(journey.measurements) == len(raw["measurements"])
    path = tmp_path / "migrated.journey"
    save(journey, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 3
    # Nothing new is written for a journey that uses none of it.
    assert data["personas"] == []
    assert not any(k in tp for tp in data["touchpoints"]
                   for k in ("state", "evidence", "link", "persona_emotions", "future_targets"))
    again = load(path)
    assert again.touchpoints == journey.touchpoints
    assert sorted(again.measurements) == sorted(journey.measurements)


def test_personas_future_state_evidence_and_links_round_trip(small_journey, tmp_path):
    journey = research_journey(small_journey)
    path = tmp_path / "research.journey"
    save(journey, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["personas"][0] == {"id": "persona-1", "name": "Busy parent", "description": "Shops late at night",
                                   "color": "#e69f00", "picture": "pics/parent.png", "segment": "Consumer"}
    first = data["touchpoints"][0]
    assert first["persona_emotions"] == {"persona-1": -1.5, "persona-2": 0.5}
    assert first["evidence"][0] == {"kind": "quote", "text": "I gave up at the third form", "source": "Interview 4",
                                    "date": "2026-10-02"}
    assert data["touchpoints"][1]["state"] == "changed"
    assert data["touchpoints"][1]["future_targets"] == {"nps": 40}
    again = load(path)
    assert again.personas == journey.personas
    assert again.touchpoints == journey.touchpoints


@pytest.mark.parametrize(("where", "change", "message"), [
    ("tp", {"state": "someday"}, "state must be one of current, new, changed, retired, not 'someday'"),
    ("tp", {"persona_emotions": {"ghost": 1}}, "an emotion for persona 'ghost', which the journey does not have"),
    ("tp", {"persona_emotions": {"persona-1": 3}}, "emotion 3 of persona 'Busy parent' is outside -2..+2"),
    ("tp", {"persona_emotions": {"persona-1": "sad"}}, "emotion for 'persona-1' must be a number"),
    ("tp", {"evidence_level": "rumour"}, "evidence level must be one of assumption, anecdote"),
    ("tp", {"evidence": [{"kind": "video"}]}, "evidence kind must be quote, picture or link, not 'video'"),
    ("tp", {"evidence": [{"kind": "picture", "ref": "../../etc/passwd"}]}, "must be a path inside the journey's"),
    ("tp", {"evidence": [{"kind": "picture", "ref": "C:\\\\secret.png"}]}, "must be a path inside the journey's"),
    ("tp", {"evidence": [{"kind": "link", "ref": "javascript:alert(1)"}]}, "must start with https://"),
    ("tp", {"evidence": [{"kind": "quote", "text": "x", "date": "last week"}]}, "is not a date like"),
    ("tp", {"evidence": "lots"}, "'evidence' must be a list"),
    ("tp", {"link": "detail.xlsx"}, "a linked journey must be a .journey file"),
    ("tp", {"future_targets": {"nope": 3}}, "target for unknown metric 'nope'"),
    ("persona", {"color": "red"}, "colour 'red' is not a colour like #1f77b4"),
    ("persona", {"picture": "/home/me/face.png"}, "must be a path inside the journey's folder"),
    ("persona", {"name": ""}, "needs a name"),
])
def test_a_bad_v3_field_is_refused_with_where_it_is(small_journey, tmp_path, where, change, message):
    path = tmp_path / "research.journey"
    save(research_journey(small_journey), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    (data["touchpoints"][0] if where == "tp" else data["personas"][0]).update(change)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(JourneyFileError, match=re.escape(message)) as info:
        load(path)
    assert str(info.value).startswith("research.journey: ")
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before


def test_removing_a_persona_takes_its_emotions_off_the_cards_in_one_undoable_step(small_journey):
    journey = research_journey(small_journey)
    before = journey.touchpoints
    with pytest.raises(JourneyError, match="still has emotions on cards"):
        journey.remove_persona("persona-1")
    undo = apply_edits(journey, persona_removal_edits(journey, "persona-1"))
    assert [p.id for p in journey.personas] == ["persona-2"]
    assert journey.touchpoints[0].persona_emotions == (("persona-2", 0.5),)
    apply_edits(journey, undo)
    assert [p.id for p in journey.personas] == ["persona-1", "persona-2"]
    assert journey.touchpoints == before


def test_a_persona_emotion_edit_keeps_persona_order_and_clears(small_journey):
    journey = research_journey(small_journey)
    tp = journey.touchpoints[1]
    apply_edits(journey, [persona_emotion_edit(journey, tp.id, "persona-2", 1.0)])
    apply_edits(journey, [persona_emotion_edit(journey, tp.id, "persona-1", -2.0)])
    assert journey.touchpoint(tp.id).persona_emotions == (("persona-1", -2.0), ("persona-2", 1.0))
    assert persona_emotion_edit(journey, tp.id, "persona-1", -2.0) is None  # no empty undo step
    apply_edits(journey, [persona_emotion_edit(journey, tp.id, "persona-1", None)])
    assert journey.touchpoint(tp.id).persona_emotion("persona-1") is None


def test_a_newer_file_is_still_refused_politely(small_journey, tmp_path):
    path = tmp_path / "newer.journey"
    save(small_journey, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = journey_file.VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(JourneyFileError, match="written by a newer journeymap"):
        load(path)


def test_every_template_and_the_sample_still_open(small_journey):
    from journeymap.io.templates import load_template, template_names
    for name in template_names():
        assert load_template(name).phases, name
    assert dataclasses.replace(small_journey.touchpoints[0]).state == "current"
