"""Qt only: windows, round views, console, rubric dialog, history; wires the core packages."""
