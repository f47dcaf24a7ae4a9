"""Copying, checking, saving and deleting user loop templates (issue 16, template editor)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mockint import paths
from mockint.bank.fields import Invalid
from mockint.bank.loader import load_bank
from mockint.interview import template_edit


@pytest.fixture
def bank():
    return load_bank([paths.rounds_dir()])


def test_a_copy_saved_to_the_pack_loads_again_as_it_was_saved(bank, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    table = template_edit.copy_table(bank.loops["mle-onsite"], set(bank.loops))
    assert table["id"] == "mle-onsite-copy" and table["title"].endswith("(copy)")
    table["rounds"][0]["minutes"] = 50
    table["rounds"][1]["difficulties"] = ["hard"]
    table["focus"] = "recsys"
    saved = template_edit.save(table, bank, packs)
    assert bank.loops["mle-onsite-copy"] is saved and template_edit.is_user_template(saved, packs)
    again = load_bank([paths.rounds_dir(), packs])
    assert not again.issues
    loaded = again.loops["mle-onsite-copy"]
    assert loaded.rounds[0].minutes == 50 and loaded.rounds[1].difficulties == ("hard",)
    assert loaded.focus == "recsys" and loaded.description == bank.loops["mle-onsite"].description
    assert [r.round_type for r in loaded.rounds] == [r.round_type for r in bank.loops["mle-onsite"].rounds]
    # A second copy gets its own id.
    assert template_edit.copy_table(bank.loops["mle-onsite"], set(bank.loops))["id"] == "mle-onsite-copy-2"


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda t: t.update(id="mle-onsite"), "id", "already exists"),
        (lambda t: t.update(id="Big Loop"), "id", "lower-case"),
        (lambda t: t["rounds"][0].update(minutes=0), "rounds[0].minutes", "greater than 0"),
        (lambda t: t["rounds"][0].update(difficulties=["tough"]), "rounds[0].difficulties[0]", "not one of"),
        (lambda t: t.update(rounds=[]), "rounds", "at least 1"),
        (lambda t: t.update(focus="speech"), "focus", "not a loaded track"),
    ],
)
def test_a_bad_template_names_its_field_and_writes_nothing(bank, tmp_path, change, field, problem) -> None:
    table = template_edit.copy_table(bank.loops["quick-drill"], set(bank.loops))
    change(table)
    with pytest.raises(Invalid) as err:
        template_edit.save(table, bank, tmp_path / "packs")
    assert err.value.field == field and problem in err.value.problem
    assert not (tmp_path / "packs").exists()


def test_a_bundled_template_is_never_written_over(bank, tmp_path: Path) -> None:
    table = template_edit.to_table(bank.loops["quick-drill"])
    with pytest.raises(Invalid, match="bundled"):
        template_edit.save(table, bank, tmp_path / "packs", replacing="quick-drill")
    with pytest.raises(ValueError, match="bundled"):
        template_edit.delete(bank.loops["quick-drill"], bank, tmp_path / "packs")


def test_saving_over_ones_own_template_and_deleting_it_can_be_undone(bank, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    table = template_edit.copy_table(bank.loops["phone-screen"], set(bank.loops))
    saved = template_edit.save(table, bank, packs)
    table["title"] = "My phone screen"
    template_edit.save(table, bank, packs, replacing=saved.id)
    path = Path(bank.loops[saved.id].source_file)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["title"] == "My phone screen"
    kept = template_edit.delete(bank.loops[saved.id], bank, packs)
    assert saved.id not in bank.loops and not path.exists()
    assert saved.id not in load_bank([paths.rounds_dir(), packs]).loops  # the kept file is not loaded
    back = template_edit.undelete(kept, bank)
    assert back.title == "My phone screen" and path.exists() and bank.loops[saved.id] is back


def test_pool_warnings_name_rounds_the_bank_cannot_fill(bank) -> None:
    table = template_edit.copy_table(bank.loops["quick-drill"], set(bank.loops))
    table["rounds"][0].update(type="dsa", questions=40, difficulties=["hard"])
    table["rounds"].append({"type": "ml_theory", "minutes": 5, "topics": ["no-such-topic"]})
    template = template_edit.check(table, bank)
    warnings = template_edit.pool_warnings(bank, template)
    assert any(w.startswith("Round 1 ") and "asks for 40" in w for w in warnings)
    assert any(w.startswith(f"Round {len(table['rounds'])} ") and "cannot start" in w for w in warnings)
