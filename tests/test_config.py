from pathlib import Path

from crosstalk.config import Settings


def test_defaults_follow_the_design():
    s = Settings.from_env({})
    assert s.store == Path("var/store")
    assert s.base == "http://127.0.0.1:8000/"
    assert s.query_timeout == 30.0
    assert s.update_token is None


def test_environment_then_overrides():
    env = {"CROSSTALK_STORE": "/tmp/x", "CROSSTALK_BASE": "https://kg.example.org",
           "CROSSTALK_QUERY_TIMEOUT": "90", "CROSSTALK_SERVICE_MIRRORS": "https://a/sparql=http://127.0.0.1:1/q"}
    s = Settings.from_env(env, store=Path("/tmp/y"))
    assert s.store == Path("/tmp/y")
    assert s.base == "https://kg.example.org/"  # a base always ends a path segment
    assert s.query_timeout == 60.0  # capped
    assert s.service_mirrors == (("https://a/sparql", "http://127.0.0.1:1/q"),)


def test_every_setting_is_documented_with_an_environment_variable():
    from dataclasses import fields

    for f in fields(Settings):
        assert f.metadata["env"].startswith("CROSSTALK_")
        assert f.metadata["help"]
