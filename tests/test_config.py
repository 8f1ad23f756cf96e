"""config.yaml: defaults, paths relative to the file, precise errors."""

from __future__ import annotations

import pytest

from tui.config import DEFAULT_CONFIG, ConfigError, load_config


def test_shipped_config_points_at_the_shipped_corpus():
    cfg = load_config()
    assert cfg.path == DEFAULT_CONFIG
    assert cfg.corpus == (DEFAULT_CONFIG.parent / "corpus").resolve()
    assert cfg.keys["next_mention"] == "n" and cfg.cache is True


def test_corpus_path_is_relative_to_the_config_file(tmp_path):
    (tmp_path / "sub").mkdir()
    cfg = tmp_path / "sub" / "c.yaml"
    cfg.write_text("corpus: ../articles\n", encoding="utf-8")
    assert load_config(cfg).corpus == (tmp_path / "articles").resolve()


@pytest.mark.parametrize(
    "text,line,key,words",
    [
        ("corpus: x\nkeys: {a: 1\n", 3, None, "invalid YAML"),
        ("corpus: x\ncolour: red\n", 2, "colour", "unknown setting"),
        ("keys:\n  next_mention: q\n", 2, "keys.next_mention", "bound to both"),
        ("keys:\n  jump: x\n", 2, "keys.jump", "unknown action"),
        (
            "gazetteer:\n  entities:\n    - name: X\n      type: PERSON\n",
            4,
            "gazetteer.entities[0].type",
            "type among",
        ),
        ("citation:\n  quote: '{text} {whom}'\n", 2, "citation.quote", "unknown field {whom}"),
        ("cache:\n  enabled: maybe\n", 2, "cache.enabled", "true or false"),
        ("- a\n- b\n", 1, None, "mapping"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, text, line, key, words):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    err = info.value
    assert err.path == str(cfg) and err.line == line and err.key == key
    assert words in str(err) and str(cfg) in str(err)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


def test_yaml_is_never_executed(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("corpus: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(cfg)
