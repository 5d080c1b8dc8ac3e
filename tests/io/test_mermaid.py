from journeymap.io.mermaid import emotion_score, export_mermaid, to_mermaid
from journeymap.io.templates import load_template


def test_mermaid_journey_sections_tasks_and_scores(small_journey, tmp_path):
    small_journey.update_touchpoint("a", name="Ad: spring; #1")
    text = to_mermaid(small_journey)
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert lines[1] == "    title Small"
    assert "    section Discover" in lines
    assert "    section Buy" in lines
    assert "      Ad - spring, No.1: 3: Customer actions" in lines  # no emotion -> 3
    assert "      Shop: 4: Customer actions" in lines  # +1 -> 4
    assert "      Call centre: 2: Frontstage" in lines  # -1.5 -> 2 (rounds half to even)
    path = tmp_path / "j.mmd"
    export_mermaid(small_journey, path)
    assert path.read_text("utf-8") == text


def test_emotion_scale_maps_to_one_to_five():
    assert [emotion_score(e) for e in (-2, -1, 0, 1, 2, None)] == [1, 2, 3, 4, 5, 3]


def test_empty_phases_are_left_out():
    text = to_mermaid(load_template("blank"))
    assert "section" not in text
