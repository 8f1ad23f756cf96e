"""config.yaml: defaults, paths relative to the file, precise errors."""

from __future__ import annotations

import json

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


def test_the_shipped_parse_is_the_yaml_of_the_shipped_configuration():
    """default_config.json holds the shipped text and its parse, so a start with that text
    imports no YAML; when the YAML file changes, this fails until the twin is written again:
    python -c "import json; from tui import safeyaml; from tui.config import DEFAULT_CONFIG as p;
    t = p.read_text(encoding='utf-8'); p.with_suffix('.json').write_text(json.dumps({'text': t,
    'data': safeyaml.safe_load(t)}, ensure_ascii=False, indent=1) + '\\n', encoding='utf-8')"
    """
    from tui import safeyaml
    from tui.config import DEFAULT_PARSED

    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    twin = json.loads(DEFAULT_PARSED.read_text(encoding="utf-8"))
    assert twin["text"] == text
    assert twin["data"] == safeyaml.safe_load(text)


def test_a_file_with_the_shipped_text_gives_the_shipped_config_and_any_other_is_parsed(tmp_path):
    copy = tmp_path / "config.yaml"
    copy.write_text(DEFAULT_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    shipped, same = load_config(), load_config(copy)
    assert same.gazetteer_entries == shipped.gazetteer_entries and same.keys == shipped.keys
    assert same.corpus == (tmp_path / "corpus").resolve()  # relative to the file read
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        copy.read_text(encoding="utf-8").replace("next_mention: n", "next_mention: j"),
        encoding="utf-8",
    )
    assert load_config(edited).keys["next_mention"] == "j"


def test_the_gazetteer_is_the_shipped_one_with_the_configured_names_on_top(tmp_path):
    from tui.ingest.entities import shipped_gazetteer

    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "gazetteer:\n  entities:\n    - name: Jean Dupont\n      type: ORG\n"
        "      aliases: [JD]\n  ignore: [Bof]\n",
        encoding="utf-8",
    )
    gaz = load_config(cfg).gazetteer
    assert gaz.lookup("jd") == ("Jean Dupont", "ORG") and "bof" in gaz.ignore
    assert gaz.lookup("vladimir-poutine") == shipped_gazetteer().lookup("vladimir-poutine")
    assert load_config(tmp_path / "c.yaml").gazetteer is not gaz  # one per Config
    plain = tmp_path / "plain.yaml"
    plain.write_text("corpus: x\n", encoding="utf-8")
    assert load_config(plain).gazetteer is shipped_gazetteer()
