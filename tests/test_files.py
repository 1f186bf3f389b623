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
