"""Importing from a database: the query runs where the data lives, the
grouping too, and only the counts travel. Tested on a real PostgreSQL
server (see conftest) and on a DuckDB file."""

import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys

import duckdb
import pytest
import sqlalchemy as sa

from journeymap.io.importing import ImportError_, ImportOptions, SqlQuery, build_plan, read_source
from journeymap.io.journey_file import dumps, load
from journeymap.io.templates import sample_path

from .conftest import PASSWORD

NAMES = ["Pricing page", "Support chat", "Help centre", "Unknown place"]
QUERY = "SELECT respondent, touchpoint, question, score, responded_at, segment FROM answers"


def answers(rows=4000, seed=7):
    rnd = random.Random(seed)
    out = []
    for i in range(rows):
        question = rnd.choice(["NPS", "CSAT", "CES"])
        top = {"NPS": 10, "CSAT": 5, "CES": 7}[question]
        out.append({"respondent": f"R{rnd.randint(0, 900)}" if i % 10 else None, "touchpoint": rnd.choice(NAMES),
                    "question": question, "score": rnd.choice([rnd.randint(0, top), None, 99]),
                    "responded_at": dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randint(0, 200)),
                    "segment": rnd.choice(["SMB", "Enterprise", None])})
    return out


def create_table(url, rows):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS answers"))
        conn.execute(sa.text("CREATE TABLE answers (respondent text, touchpoint text, question text, score integer, "
                             "responded_at date, segment text)"))
        conn.execute(sa.text("INSERT INTO answers VALUES (:respondent, :touchpoint, :question, :score, :responded_at, "
                             ":segment)"), rows)
    engine.dispose()


def as_csv(path, rows):
    def text(v):
        return "" if v is None else v.isoformat() if isinstance(v, dt.date) else str(v)
    lines = ["Respondent,Touchpoint,Question,Score,responded_at,Segment"]
    lines += [",".join(text(r[k]) for k in ("respondent", "touchpoint", "question", "score", "responded_at", "segment"))
              for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def outcome(plan):
    return (sorted((m.node, m.metric, m.period, m.segment, round(m.value, 9), m.n) for m in plan.measurements),
            plan.rows_read, plan.rows_used, plan.duplicates, plan.cells_skipped)


@pytest.fixture
def journey():
    return load(sample_path())


@pytest.fixture
def journey_file(tmp_path):
    path = tmp_path / "acme.journey"
    shutil.copy(sample_path(), path)
    return path


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "journeymap", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_a_postgresql_query_imports_what_the_same_rows_in_a_file_import(postgres, journey, tmp_path):
    rows = answers()
    create_table(postgres, rows)
    from_db = build_plan(journey, SqlQuery(postgres, QUERY), ImportOptions())
    from_file = build_plan(journey, as_csv(tmp_path / "answers.csv", rows), ImportOptions())
    assert outcome(from_db) == outcome(from_file)
    assert {m.period for m in from_db.measurements} == {"2026-Q1", "2026-Q2", "2026-Q3"}  # from the dates
    assert any(d.startswith("4,000 rows counted in the database") for d in from_db.decisions)
    assert from_db.name == f"query on {postgres.replace(PASSWORD, '***')}"


def test_the_cli_imports_from_a_query_and_never_writes_or_prints_the_password(postgres, journey_file):
    create_table(postgres, answers())
    result = cli("import", str(journey_file), "--sql", postgres, "--query", QUERY, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows_read"] == 4000
    assert PASSWORD not in result.stdout + result.stderr
    saved = journey_file.read_text(encoding="utf-8")
    assert PASSWORD not in saved
    settings = load(journey_file).info.import_settings
    assert dict(settings)["sql_query"] == QUERY
    assert dict(settings)["sql_url"] == postgres.replace(PASSWORD, "***")


def test_a_url_from_an_environment_variable(postgres, journey_file):
    create_table(postgres, answers(200))
    env = {**__import__("os").environ, "SURVEY_DB": postgres}
    result = cli("import", str(journey_file), "--sql", "env:SURVEY_DB", "--query", QUERY, env=env)
    assert result.returncode == 0, result.stderr
    assert dict(load(journey_file).info.import_settings)["sql_url"] == "env:SURVEY_DB"
    missing = cli("import", str(journey_file), "--sql", "env:NO_SUCH_VARIABLE", "--query", QUERY)
    assert missing.returncode == 2
    assert missing.stderr.strip() == ("journeymap: the database URL names the environment variable NO_SUCH_VARIABLE, "
                                      "which is not set")


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT nope FROM answers", 'column "nope" does not exist'),
    ("SELECT * FROM no_such_table", 'relation "no_such_table" does not exist'),
    ("DELETE FROM answers", "syntax error"),  # only a SELECT can be a subquery: nothing is deleted
])
def test_a_query_the_database_refuses_is_one_line_and_changes_nothing(postgres, journey_file, query, message):
    create_table(postgres, answers(100))
    before = journey_file.read_bytes()
    result = cli("import", str(journey_file), "--sql", postgres, "--query", query)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("journeymap: query on postgresql+psycopg://jm:***@")
    assert message in line
    assert PASSWORD not in line
    assert journey_file.read_bytes() == before
    engine = sa.create_engine(postgres)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM answers")).scalar() == 100
    engine.dispose()


def test_a_wrong_password_is_said_without_any_password(postgres, journey_file):
    result = cli("import", str(journey_file), "--sql", postgres.replace(PASSWORD, "wrong-one"), "--query", QUERY)
    assert result.returncode == 2
    assert 'password authentication failed for user "jm"' in result.stderr
    assert "wrong-one" not in result.stderr


def test_a_connection_dropped_while_reading_is_a_refusal(postgres, journey):
    create_table(postgres, answers(100))
    before = dumps(journey)
    source = read_source(SqlQuery(postgres, QUERY), journey)  # connected, first rows read
    engine = sa.create_engine(postgres)
    with engine.connect() as conn:  # the server ends the import's session (a restart, an admin, a timeout)
        ended = conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                     "WHERE usename = 'jm' AND pid <> pg_backend_pid()")).fetchall()
    engine.dispose()
    assert ended
    with pytest.raises(ImportError_, match=r"^query on postgresql\+psycopg://jm:\*\*\*@.*: .*(terminat|closed)"):
        source.plan(journey, ImportOptions())
    assert dumps(journey) == before


def test_a_duckdb_file(journey, tmp_path):
    rows = answers(1500, seed=3)
    path = tmp_path / "warehouse.duckdb"
    as_csv(tmp_path / "answers.csv", rows)
    with duckdb.connect(str(path)) as con:
        con.execute(f"CREATE TABLE answers AS SELECT Respondent AS respondent, Touchpoint AS touchpoint, "
                    f"Question AS question, Score AS score, responded_at AS responded_at, Segment AS segment "
                    f"FROM read_csv('{tmp_path / 'answers.csv'}')")
    from_db = build_plan(journey, SqlQuery(f"duckdb:///{path}", QUERY), ImportOptions())
    from_file = build_plan(journey, tmp_path / "answers.csv", ImportOptions())
    assert outcome(from_db) == outcome(from_file)
    assert from_db.measurements


def test_a_mistyped_duckdb_path_is_an_error_and_writes_nothing(journey, tmp_path):
    """A DuckDB file is opened read-only: a typo must not leave a new empty
    database on disk (found by a new user: 'survey.duckbd')."""
    typo = tmp_path / "survey.duckbd"
    with pytest.raises(ImportError_, match=r"read-only mode: database does not exist"):
        build_plan(journey, SqlQuery(f"duckdb:///{typo}", QUERY), ImportOptions())
    assert not typo.exists()


@pytest.mark.parametrize(("url", "message"), [
    ("dukdb:////tmp/x.duckdb", "'dukdb' is not a database this installation knows"),
    ("just some words", "not a database URL (expected, for example, postgresql+psycopg://user@host/database)"),
])
def test_a_url_that_names_no_database_says_so(journey, url, message):
    with pytest.raises(ImportError_, match=re.escape(message)):
        build_plan(journey, SqlQuery(url, QUERY), ImportOptions())
