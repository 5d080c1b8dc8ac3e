from journeymap.model.channels import USUAL_CHANNELS, channel_icon


def test_usual_channels_and_other_words_for_them_find_their_icon():
    assert channel_icon("Web") == channel_icon(" website ") == "globe"
    assert channel_icon("Live chat") == "message-circle"
    assert channel_icon("Branch") == "store"
    assert channel_icon("Carrier pigeon") is None
    assert len({icon for _, icon, _ in USUAL_CHANNELS}) == len(USUAL_CHANNELS)


def test_every_channel_icon_ships_with_the_app():
    from importlib import resources
    icons = resources.files("journeymap") / "resources" / "icons"
    for _, icon, _ in USUAL_CHANNELS:
        assert (icons / f"{icon}.svg").is_file(), icon
