"""The earlier programmes' arithmetic, checked with the seeds' figures."""

from __future__ import annotations

import pytest

from tests.conftest import seed_text
from yjinspect.engine.loading import FrameworkError, framework_kind, shipped_framework_ids
from yjinspect.engine.scored.framework import SCORED_KINDS, ScoredFramework, load_scored_framework
from yjinspect.engine.scored.scoring import ScoredAnswer, cci_scores, comment_for, fji_scores, sqs_counts
from yjinspect.importing.published_reports import check_cci_report, check_fji_report
from yjinspect.programmes import read_published_report


def _answers(item: str, sufficient: int, total: int, *, themes: tuple[str, ...] = (), criterion: str = "") -> list[ScoredAnswer]:
    return [ScoredAnswer(f"case-{item}-{i}", item, i < sufficient, themes, criterion) for i in range(total)]


@pytest.fixture(scope="module")
def cci() -> ScoredFramework:
    return load_scored_framework("hmip-youth-cci")


def test_every_earlier_programme_loads_and_marks_what_is_unpublished() -> None:
    assert [i for i in shipped_framework_ids() if framework_kind(i) in SCORED_KINDS] == [
        "hmip-youth-cci",
        "hmip-youth-fji",
        "hmip-youth-sqs",
    ]
    cci = load_scored_framework("hmip-youth-cci")
    assert [c.id for s in cci.sections for c in s.criteria] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2"]
    assert cci.comment_bands_unverified
    with pytest.raises(FrameworkError, match="unknown scored programme"):
        load_scored_framework("hmip-youth-1999")


def test_cci_section_and_headline_scores_with_seed_002s_figures(cci: ScoredFramework) -> None:
    """Seed 002: sections 72/76/75; headlines Safeguarding 73 MODERATE, Risk of Harm 68 MODERATE, LoR 77 MINIMUM."""
    rh, lor, sg = ("risk_of_harm",), ("likelihood_of_reoffending",), ("safeguarding",)
    answers = (
        _answers("1.1", 14, 20, themes=rh) + _answers("1.1", 22, 30)
        + _answers("1.2", 16, 20, themes=lor) + _answers("1.2", 20, 30)
        + _answers("1.3", 36, 50, themes=sg)
        + _answers("2.1", 20, 30, themes=rh) + _answers("2.1", 18, 20)
        + _answers("2.2", 39, 50)
        + _answers("2.3", 37, 50, themes=sg)
        + _answers("3.1", 61, 80, themes=lor) + _answers("3.1", 14, 20)
    )  # fmt: skip
    result = cci_scores(cci, answers)
    assert {k: v.percent for k, v in result.sections.items()} == {"1": 72, "2": 76, "3": 75}
    # Shares of all answers, not averages of criteria: section 2 is (38 + 39 + 37) / 150.
    assert (result.sections["2"].sufficient, result.sections["2"].answered) == (114, 150)
    headlines = {k: (v.percent, v.comment) for k, v in result.headlines.items()}
    assert headlines == {
        "safeguarding": (73, "MODERATE"),
        "risk_of_harm": (68, "MODERATE"),
        "likelihood_of_reoffending": (77, "MINIMUM"),
    }
    assert (result.criteria["1.1"].percent, result.criteria["1.1"].comment) == (72, "MODERATE")
    assert result.criteria["3.2"].percent is None, "a criterion with no answer is not scored"


@pytest.mark.parametrize(("percent", "comment"), [(73, "MODERATE"), (68, "MODERATE"), (67, "MODERATE"), (72, "MODERATE"),
                                                  (77, "MINIMUM"), (81, "MINIMUM"), (83, "MINIMUM")])  # fmt: skip
def test_default_cut_points_agree_with_every_pair_seed_002_prints(percent: int, comment: str, cci: ScoredFramework) -> None:
    assert comment_for(cci, percent) == comment


def test_the_check_finds_seed_002_consistent_and_a_changed_comment_not(cci: ScoredFramework) -> None:
    text = seed_text("002")
    record = read_published_report(text)
    assert check_cci_report(record, cci) == []
    pairs = {(v["score"], v["comment"]) for v in [*record["criteria"].values(), *record["headline_scores"].values()]}
    # 81% MINIMUM: criterion 2.2, told by its general criterion statement under a lost heading (issue 14).
    assert pairs == {
        (72, "MODERATE"), (67, "MODERATE"), (83, "MINIMUM"), (73, "MODERATE"), (68, "MODERATE"), (77, "MINIMUM"), (81, "MINIMUM"),
    }  # fmt: skip
    changed = read_published_report(text.replace("77%\tMINIMUM improvement required", "77%\tSUBSTANTIAL improvement required", 1))
    (found,) = check_cci_report(changed, cci)
    assert (found.item, found.stated, found.by_rules) == ("headline likelihood_of_reoffending", "SUBSTANTIAL", "MINIMUM")


def test_fji_theme_scores_with_seed_001s_figures() -> None:
    fji = load_scored_framework("hmip-youth-fji")
    answers = (_answers("reducing_reoffending", 66, 100) + _answers("protecting_the_public", 68, 100)
               + _answers("protecting_the_child", 71, 100) + _answers("ensuring_the_sentence_is_served", 41, 50)
               + _answers("interventions", 18, 25))  # fmt: skip
    scores = {k: v.percent for k, v in fji_scores(fji, answers).items()}
    assert scores == {"reducing_reoffending": 66, "protecting_the_public": 68, "protecting_the_child": 71,
                      "ensuring_the_sentence_is_served": 82, "interventions": 72}  # fmt: skip
    assert "governance_and_partnerships" not in scores, "judged without a case score"


def test_sqs_counts_in_hmip_phrasing() -> None:
    sqs = load_scored_framework("hmip-youth-sqs")
    answers = _answers("protecting_the_public", 13, 15, criterion="planning") + _answers(
        "reducing_reoffending", 21, 22, criterion="assessment"
    )
    counts = {t: {c: n.phrase for c, n in by.items()} for t, by in sqs_counts(sqs, answers).items()}
    # docs/phrasing.md: "all but N" for small groups (20 or fewer); 21 of 22 is "nearly all".
    assert counts == {
        "reducing_reoffending": {"assessment": "nearly all cases (21 out of 22)"},
        "protecting_the_public": {"planning": "all but two of the cases (13 out of 15)"},
    }


def test_the_fji_check_finds_seed_001_consistent_and_flags_unreadable_or_invalid_judgements() -> None:
    fji = load_scored_framework("hmip-youth-fji")
    text = seed_text("001")
    assert check_fji_report(read_published_report(text), fji) == []
    # The reader never guesses: a judgement it cannot read is null, and the check says so.
    damaged = read_published_report(text.replace("sentence was served was good", "sentence was served was goo d", 1))
    (found,) = check_fji_report(damaged, fji)
    assert (found.item, found.stated) == ("theme ensuring_the_sentence_is_served", "not stated")
    # A record from elsewhere (a ratings CSV, a hand-made file) may carry any word, or a score for governance.
    record = read_published_report(text)
    record["themes"]["interventions"]["judgement"] = "adequate"
    record["themes"]["governance_and_partnerships"]["score"] = 70
    found_items = {(d.item, d.stated, d.by_rules) for d in check_fji_report(record, fji)}
    assert found_items == {
        ("theme interventions", "adequate", "one of good, satisfactory, unsatisfactory, poor"),
        ("theme governance_and_partnerships", "70%", "no case score"),
    }
