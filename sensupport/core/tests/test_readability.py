from sensupport.core.readability import flesch_reading_ease, main_text, syllables


def test_syllables():
    assert [syllables(w) for w in ["the", "friends", "library", "table", "school", "educational"]] == [1, 1, 3, 2, 1, 5]


def test_plain_text_scores_higher_than_jargon():
    plain = "Peter finds the hall too loud. He eats lunch in the library with two friends."
    jargon = (
        "Differentiated provision addressing sensory processing difficulties necessitates individualised "
        "environmental modifications."
    )
    assert flesch_reading_ease(plain) > 80 > 0 > flesch_reading_ease(jargon)


def test_main_text_keeps_only_the_main_landmark():
    html = (
        "<header>Sign out</header><main><h1>Hello</h1><p>Short words here.</p><script>var "
        "x</script></main><footer>x</footer>"
    )
    text = main_text(html)
    assert "Hello" in text and "Short words" in text and "Sign out" not in text and "var" not in text


def test_own_brand_ships_no_gov_uk_crown_or_font():
    """Not a GOV.UK service: no crown images, no GDS Transport font files or font-face rules."""
    from pathlib import Path

    static = Path(__file__).resolve().parents[3] / "static"
    names = [p.name.lower() for p in static.rglob("*")]
    assert not [n for n in names if "crest" in n or "govuk-icon" in n or n.endswith((".woff", ".woff2"))]
    css = (static / "govuk-frontend" / "govuk-frontend.min.css").read_text()
    assert "@font-face" not in css and "GDS Transport" not in css
