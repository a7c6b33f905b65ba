"""The README documents every setting and every command (it is what users read first)."""

from dataclasses import fields
from pathlib import Path

import typer.main

from crosstalk.cli import app
from crosstalk.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_every_setting_is_in_the_readme():
    missing = [f.metadata["env"] for f in fields(Settings) if f"`{f.metadata['env']}`" not in README]
    assert missing == []


def test_every_command_is_in_the_readme():
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names += [f"{name} {s}" for s in sub] if sub else [name]
    assert [n for n in names if f"crosstalk {n}" not in README] == []
