"""Writing outputs safely (pipeline/files.py): by rename, all or nothing,
unchanged files left alone, leftovers of a killed run swept."""

from __future__ import annotations

import errno
import os

import pytest

from pipeline.errors import OutputError
from pipeline.files import (
    TEMPORARY,
    refused_writes,
    replace_folder,
    sweep_leftovers,
    write_files_atomic,
    write_text_atomic,
)


def test_an_unchanged_file_keeps_its_timestamp(tmp_path):
    target = tmp_path / "index.html"
    write_text_atomic(target, "same")
    os.utime(target, (1_000_000, 1_000_000))
    write_text_atomic(target, "same")
    assert target.stat().st_mtime == 1_000_000
    write_text_atomic(target, "different")
    assert target.read_text() == "different" and target.stat().st_mtime != 1_000_000


def test_a_set_of_files_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """Every file is staged before any is renamed: a full disk while staging
    the second leaves both old files as they were, and no temporary."""
    write_files_atomic(tmp_path, {"a.html": b"old a", "b.pdf": b"old b"})
    real_fdopen, opened = os.fdopen, []

    def full_disk_on_the_second(fd, *args, **kwargs):
        opened.append(fd)
        if len(opened) == 2:
            os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", full_disk_on_the_second)
    with pytest.raises(OutputError, match="No space left on device"):
        write_files_atomic(tmp_path, {"a.html": b"new a", "b.pdf": b"new b"})
    assert (tmp_path / "a.html").read_bytes() == b"old a"
    assert (tmp_path / "b.pdf").read_bytes() == b"old b"
    assert [p.name for p in tmp_path.iterdir() if TEMPORARY in p.name] == []


@pytest.mark.parametrize("stop", ["refused", "interrupted"])
def test_a_rename_that_fails_puts_back_the_files_renamed_before_it(tmp_path, monkeypatch, stop):
    """An outsider put a folder where provenance.json goes: the page was
    replaced, the rename after it failed, and the run said "the previous
    version, if any, is unchanged". Ctrl-C between two renames, likewise.
    What is to be done before the first rename (`before_replacing`: the
    ledger's record) is done once, before any file changes."""
    write_files_atomic(tmp_path, {"a.html": b"old a", "b.ipynb": b"old b"})
    new = {"a.html": b"new a", "b.ipynb": b"new b", "c.html": b"new c", "d.json": b"new d"}
    seen: list[bytes] = []
    if stop == "refused":
        (tmp_path / "d.json").mkdir()
        expected: type[BaseException] = OutputError
    else:
        real_replace = os.replace

        def interrupted_after_the_third(source, target):
            real_replace(source, target)
            if str(target).endswith("c.html"):
                raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", interrupted_after_the_third)
        expected = KeyboardInterrupt
    with pytest.raises(expected):
        write_files_atomic(
            tmp_path, new, before_replacing=lambda: seen.append((tmp_path / "a.html").read_bytes())
        )
    monkeypatch.undo()
    assert seen == [b"old a"]
    assert (tmp_path / "a.html").read_bytes() == b"old a"
    assert (tmp_path / "b.ipynb").read_bytes() == b"old b"
    assert not (tmp_path / "c.html").exists()
    assert [p.name for p in tmp_path.iterdir() if TEMPORARY in p.name] == []


def test_a_folder_is_replaced_in_one_rename(tmp_path):
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "old.parquet").write_text("old")
    building = tmp_path / "building"
    building.mkdir()
    (building / "new.parquet").write_text("new")
    replace_folder(building, tmp_path / "target")
    assert [p.name for p in (tmp_path / "target").iterdir()] == ["new.parquet"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


def test_leftovers_of_a_killed_run_are_swept_and_nothing_else(tmp_path):
    (tmp_path / "a" / f"{TEMPORARY}x").mkdir(parents=True)
    (tmp_path / "a" / f"{TEMPORARY}x" / "half.html").write_text("half")
    (tmp_path / "a" / f"report.html{TEMPORARY}abc").write_text("half")
    (tmp_path / "a" / "report.html").write_text("whole")
    sweep_leftovers([tmp_path, tmp_path / "missing"])
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["report.html"]


def test_a_refused_write_is_one_line_naming_the_file(tmp_path):
    with pytest.raises(OutputError) as caught, refused_writes(tmp_path / "x.pdf"):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "x.pdf"))
    assert "x.pdf" in str(caught.value) and "Read-only file system" in str(caught.value)
    assert "\n" not in str(caught.value)
    with pytest.raises(ValueError), refused_writes(tmp_path / "x.pdf"):
        raise ValueError("a bug is not a refused write")  # keeps its traceback
