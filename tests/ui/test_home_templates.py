"""Home's loop box at 1366x768: a long template description is never squeezed (it scrolls in its
box) and the template's rounds stay in view under it."""

from __future__ import annotations


def test_every_template_description_has_its_full_height_and_its_rounds_show(qtbot, window) -> None:
    window.resize(1366, 728)  # the window on a 1366x768 screen (its title bar and panel take the rest)
    window.show()
    qtbot.waitExposed(window)
    home = window.home
    for i in range(home.template_box.count()):
        home.template_box.setCurrentIndex(i)
        qtbot.wait(10)
        template = window.ctx.bank.loops[home.template_box.currentData()]
        label = home.template_desc
        assert label.text() == template.description
        assert label.height() >= label.heightForWidth(label.width()), template.id  # scrolls, never clipped
        first = template.rounds[0]
        assert (first.title or first.round_type) in home.template_route.text()
        assert home.template_route.isVisible() and not home.template_route.visibleRegion().isEmpty()


def test_home_keeps_its_height_on_a_laptop_with_every_round_type_in_readiness(qtbot, window) -> None:
    """Ten round types in one readiness column made home 746 px tall at least, squeezing the
    template description over the route on a 1366x768 screen (window 1366x728)."""
    from mockint.bank import ROUND_TYPE_NAMES, ROUND_TYPES

    home = window.home
    qtbot.waitUntil(lambda: "Readiness" in home.today_box.ready_label.text(), timeout=10_000)
    text = home.today_box.ready_label.text()
    assert all(ROUND_TYPE_NAMES[rt] in text for rt in ROUND_TYPES)
    assert (
        window.minimumSizeHint().height() <= 728 - 16
    )  # fits the 728 px a 1366x768 screen leaves, with room
