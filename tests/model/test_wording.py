from journeymap.model.wording import how_many


def test_one_is_singular_and_the_rest_plural():
    assert how_many(1, "cell") == "1 cell"
    assert how_many(0, "cell") == "0 cells"
    assert how_many(12_000, "row") == "12,000 rows"
    assert how_many(2, "category", "categories") == "2 categories"
