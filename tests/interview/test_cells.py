from mockint.interview.cells import cell_at, split_cells

TEXT = "import pandas as pd\n# %% explore\ndf = 1\n\n#%%\ndef predict(train, test):\n    return 0\n"


def test_cells_split_at_markers_and_keep_the_text_before_the_first():
    cells = split_cells(TEXT)
    assert [(c.start, c.end) for c in cells] == [(0, 1), (1, 4), (4, 8)]
    assert cells[1].code == "# %% explore\ndf = 1\n"
    assert "".join(c.code + "\n" for c in cells)[:-1] == TEXT


def test_cell_at_finds_the_cell_under_a_line_and_clamps():
    assert cell_at(TEXT, 2).code.startswith("# %% explore")
    assert cell_at(TEXT, 5).code.startswith("#%%\ndef predict")
    assert cell_at(TEXT, 99).start == 4
    assert cell_at("", 0) is None
    assert split_cells("x = 1").pop().code == "x = 1"


def test_a_marker_on_the_first_line_starts_the_first_cell():
    cells = split_cells("# %%\na = 1\n# %%\nb = 2")
    assert [c.code for c in cells] == ["# %%\na = 1", "# %%\nb = 2"]
