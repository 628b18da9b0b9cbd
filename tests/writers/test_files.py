import pytest

from autograder.writers.files import safe_dirname, write_atomic


def test_safe_ids_are_kept_and_others_never_collide():
    assert safe_dirname("kim_minjun") == "kim_minjun"
    assert safe_dirname("김민준") == "김민준"
    names = {safe_dirname(s) for s in ("a b", "a_b", "a/b", "../a_b", ".a_b", "a\\b")}
    assert len(names) == 6
    assert all("/" not in n and not n.startswith(".") for n in names)


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "r" / "grades.csv"
    write_atomic(target, "old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["grades.csv"]
