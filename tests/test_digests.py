"""A file's SHA-256 is reused only while the file system says the file is as
it was hashed: any write, even one that keeps the size and sets the
modification time back (as `cp -p` or an editor's save can), reads it again."""

from __future__ import annotations

import hashlib
import os

import pytest

from pipeline import digests
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.raw import meta


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(digests, "_known", {})
    monkeypatch.setattr(digests, "_added", False)


def real(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_just_written_is_read_every_time(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("a,b\n1,2\n")
    assert digests.sha256(path) == real(path)
    path.write_text("a,b\n3,4\n")  # the same size, within the same tick
    assert digests.sha256(path) == real(path)
    assert digests._known == {}


def test_a_changed_file_is_read_again_even_with_its_old_size_and_times(tmp_path, monkeypatch):
    monkeypatch.setattr(digests, "RECENT_NS", -(10**12))  # remember even new files
    path = tmp_path / "learning-report.html"
    path.write_text("<p>40% inactive</p>")
    stat = path.stat()
    first = digests.sha256(path)
    assert str(path) in digests._known
    path.write_text("<p>41% inactive</p>")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the times put back
    assert path.stat().st_size == stat.st_size
    assert digests.sha256(path) == real(path) != first


def test_kept_digests_are_used_by_the_next_process_without_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(digests, "RECENT_NS", -(10**12))
    path, kept = tmp_path / "survey.csv", tmp_path / ".learnrep" / "digests.json"
    path.write_text("a,b\n1,2\n")
    expected = digests.sha256(path)
    digests.save(kept)
    monkeypatch.setattr(digests, "_known", {})
    digests.load(kept)

    def unread(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(digests, "open", unread, raising=False)
    assert digests.sha256(path) == expected


def test_an_unreadable_digests_file_is_ignored_and_a_gone_file_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(digests, "RECENT_NS", -(10**12))
    kept = tmp_path / "digests.json"
    kept.write_text('{"cut short": [1, 2')
    digests.load(kept)
    assert digests._known == {}
    stays, goes = tmp_path / "a.csv", tmp_path / "b.csv"
    stays.write_text("1")
    goes.write_text("2")
    digests.sha256(stays), digests.sha256(goes)
    goes.unlink()
    digests.save(kept)
    monkeypatch.setattr(digests, "_known", {})
    digests.load(kept)
    assert set(digests._known) == {str(stays)}


def test_metadata_read_again_is_the_file_as_it_is_now(tmp_path, monkeypatch):
    """period.yml is kept as last read, by the same test of the file system."""
    monkeypatch.setattr(digests, "RECENT_NS", -(10**12))
    monkeypatch.setattr(meta, "_read", {})
    project = Project(tmp_path)
    folder = project.raw_dir("bolsover", "2022-q1")
    folder.mkdir(parents=True)
    path = folder / "period.yml"
    path.write_text("label: Quarter 1\nstart: 2022-01-01\nend: 2022-03-31\n")
    stat = path.stat()
    ap = AreaPeriod("bolsover", "2022-q1")
    assert meta.read_period(project, ap)["label"] == "Quarter 1"
    meta._read_yaml(project, path)["label"] = "changed by a caller"
    assert meta.read_period(project, ap)["label"] == "Quarter 1"
    path.write_text("label: Quarter 2\nstart: 2022-01-01\nend: 2022-03-31\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert meta.read_period(project, ap)["label"] == "Quarter 2"
