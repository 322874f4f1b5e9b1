"""Typed schema of a framework file; the loaded objects are the engine's frozen framework types."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Rating(StrEnum):
    """A standard's or an inspection's rating, spelled as reports print it."""

    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"


class Population(StrEnum):
    """The two case populations of a youth inspection, each sampled and rated separately."""

    COURT = "court"
    OUT_OF_COURT = "out_of_court"

    @property
    def label(self) -> str:
        """Return the population's name as reports print it."""
        return "court disposals" if self is Population.COURT else "out-of-court disposals"


class RatedBy(StrEnum):
    """How a standard gets its rating."""

    CASE_ANSWERS = "case_answers"  # percentages of yes answers, banded by the rules
    JUDGEMENT = "judgement"  # the inspection team records it against ratings characteristics


class AppliesWhen(StrEnum):
    """Which cases a key question applies to, by the inspector's judgement of the case."""

    ALWAYS = "always"
    HARM_FACTORS = "harm_factors"
    SAFETY_WELLBEING_FACTORS = "safety_wellbeing_factors"


class Frozen(BaseModel):
    """A framework file's part: read-only once loaded, and no field the schema does not name."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FrameworkHeader(Frozen):
    """What every programme's framework file starts with, whatever its kind."""

    id: str
    title: str
    years: tuple[int, int]
    source: str


class Prompt(Frozen):
    """A finer question under a key question; informs narrative, never the rating arithmetic."""

    id: str
    text: str
    source: str


class KeyQuestion(Frozen):
    """One key question; a case-rated one has its own denominator (yes + no)."""

    id: str
    text: str
    applies_when: AppliesWhen = AppliesWhen.ALWAYS
    # Empty means every disposal type of the domain's population.
    disposal_types: tuple[str, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    source: str | None = None
    unverified: str | None = None


class Standard(Frozen):
    """One rated standard with its statement and key questions."""

    id: str
    name: str
    statement: str
    key_questions: tuple[KeyQuestion, ...] = Field(min_length=1)
    # None: take the domain's method.
    rated_by: RatedBy | None = None
    counts_towards_overall: bool = True
    # A judged standard the team may record as "Not rated" (for example resettlement with no cases).
    may_be_not_rated: bool = False
    source: str | None = None
    unverified: str | None = None


class Domain(Frozen):
    """A group of standards; case-rated domains belong to one case population."""

    id: str
    name: str
    rated_by: RatedBy
    population: Population | None = None
    standards: tuple[Standard, ...] = Field(min_length=1)
    unverified: str | None = None

    @model_validator(mode="after")
    def _case_rated_needs_population(self) -> Domain:
        case_rated = [s.id for s in self.standards if (s.rated_by or self.rated_by) is RatedBy.CASE_ANSWERS]
        if case_rated and self.population is None:
            raise ValueError(f"standards {', '.join(case_rated)} are rated from case answers, so the domain needs a population")
        return self


class Band(Frozen):
    """A key-question band: figures at or above min_percent (and below the next band) get this rating."""

    rating: Rating
    label: str
    min_percent: int = Field(ge=0, le=100)


class OverallBand(Frozen):
    """A band of the summed score."""

    rating: Rating
    min_score: int = Field(ge=0)


class Overall(Frozen):
    """How standards' points add up to the overall rating."""

    max_score: int = Field(gt=0)
    bands: tuple[OverallBand, ...] = Field(min_length=1)


class Percentages(Frozen):
    """How a key question's percentage is printed and banded."""

    rounding: Literal["half_up", "half_even"] = "half_up"
    band_on: Literal["rounded", "exact"] = "rounded"
    unverified: str | None = None


class Discretion(Frozen):
    """The guard on a ratings panel's professional discretion."""

    margin_points: int = Field(ge=0, le=100)
    max_bands: int = Field(ge=1, le=3)
    allow_downward: bool
    reason_required: bool = True
    source: str | None = None
    unverified: str | None = None


class PopulationSampling(Frozen):
    """Eligibility window and nominal share of one population."""

    share: float = Field(gt=0, le=1)
    months_before_from: int = Field(ge=0)
    months_before_to: int = Field(ge=0)

    @model_validator(mode="after")
    def _window_in_order(self) -> PopulationSampling:
        if self.months_before_from > self.months_before_to:
            raise ValueError("months_before_from must not be more than months_before_to")
        return self


class Sampling(Frozen):
    """Sampling defaults: confidence, margin, stratification variables and windows."""

    confidence: float = Field(gt=0, lt=1)
    margin: float = Field(gt=0, lt=1)
    proportion: float = Field(gt=0, lt=1)
    stratify_by: tuple[Literal["gender", "disposal_type", "rosh", "safety_wellbeing"], ...]
    populations: dict[Population, PopulationSampling]
    source: str | None = None
    unverified: str | None = None


class DisposalType(Frozen):
    """A disposal type of the documented vocabulary and the population it belongs to."""

    name: str
    population: Population
    aliases: tuple[str, ...] = ()


def normalise_term(text: str) -> str:
    """Return a vocabulary term folded for matching: lower case, single spaces, no hyphens."""
    return " ".join(text.replace("-", " ").replace("_", " ").lower().split())


class Continues(Frozen):
    """Which standards of an earlier framework this framework's standards continue, so that a service's
    previous rating can stand beside its new one (issue 13, item 3). Data, not code: a standard listed in
    neither `standards` nor `new` has no earlier counterpart, and the pages say so.

    - `framework`: the earlier framework's id.
    - `standards`: this framework's standard id -> the earlier framework's standard id it continues.
    - `new`: this framework's standards with no earlier counterpart, and why (said on the ratings page).
    - `dropped`: the earlier framework's standards nothing here continues, and why.
    """

    framework: str
    standards: dict[str, str]
    new: dict[str, str] = Field(default_factory=dict)
    dropped: dict[str, str] = Field(default_factory=dict)
    source: str | None = None
    unverified: str | None = None


class Framework(FrameworkHeader):
    """One inspection programme, as loaded from its framework file."""

    scoring: Literal["standards"]
    percentages: Percentages
    bands: tuple[Band, ...] = Field(min_length=2)
    points: dict[Rating, int]
    overall: Overall
    discretion: Discretion
    sampling: Sampling
    disposal_types: tuple[DisposalType, ...] = Field(min_length=1)
    domains: tuple[Domain, ...] = Field(min_length=1)
    # Earlier frameworks whose standards this one's continue (engine/correspondence.py reads it).
    continues: tuple[Continues, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        problems: list[str] = []
        seen: set[str] = set()
        for domain in self.domains:
            for standard in domain.standards:
                if not standard.id.startswith(domain.id + "."):
                    problems.append(f"standard {standard.id} is not numbered under domain {domain.id}")
                for item in (standard.id, *(q.id for q in standard.key_questions)):
                    if item in seen:
                        problems.append(f"id {item} is used twice")
                    seen.add(item)
                for question in standard.key_questions:
                    if not question.id.startswith(standard.id + "."):
                        problems.append(f"key question {question.id} is not numbered under standard {standard.id}")
                    unknown = [t for t in question.disposal_types if self.disposal_type(t) is None]
                    if unknown:
                        problems.append(f"key question {question.id} names unknown disposal types {unknown}")
        minima = [b.min_percent for b in self.bands]
        if minima != sorted(minima, reverse=True) or len(set(minima)) != len(minima) or minima[-1] != 0:
            problems.append("bands must run from the highest rating down, with strictly falling min_percent ending at 0")
        if [b.rating for b in self.bands] != list(Rating):
            problems.append(f"bands must be exactly {', '.join(Rating)} in that order")
        if set(self.points) != set(Rating):
            problems.append(f"points must give a number for each of {', '.join(Rating)}")
        overall_minima = [b.min_score for b in self.overall.bands]
        if overall_minima != sorted(overall_minima, reverse=True) or overall_minima[-1] != 0:
            problems.append("overall bands must run from the highest rating down, ending at min_score 0")
        counted = sum(1 for s in self.standards if s.counts_towards_overall)
        if self.points and counted * max(self.points.values()) != self.overall.max_score:
            problems.append(
                f"overall.max_score is {self.overall.max_score} but {counted} counted standards "
                f"at {max(self.points.values())} points each make {counted * max(self.points.values())}"
            )
        names = [normalise_term(n) for d in self.disposal_types for n in (d.name, *d.aliases)]
        if len(names) != len(set(names)):
            problems.append("a disposal type name or alias is listed twice")
        own = {s.id for s in self.standards}
        for earlier in self.continues:
            for named in (*earlier.standards, *earlier.new):
                if named not in own:
                    problems.append(f"continues ({earlier.framework}) names standard {named}, which this framework lacks")
            both = set(earlier.standards) & set(earlier.new)
            if both:
                problems.append(f"continues ({earlier.framework}): {', '.join(sorted(both))} both continue and are new")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def standards(self) -> tuple[Standard, ...]:
        """Return every standard in report order."""
        return tuple(s for d in self.domains for s in d.standards)

    @cached_property
    def _index(self) -> _FrameworkIndex:
        return _FrameworkIndex(self)

    def standard(self, standard_id: str) -> Standard | None:
        """Return the standard with this id, or None."""
        return self._index.standards.get(standard_id)

    def domain_of(self, standard_id: str) -> Domain:
        """Return the domain a standard belongs to."""
        return self._index.domain_of[standard_id]

    def key_question(self, question_id: str) -> KeyQuestion | None:
        """Return the key question with this id, or None."""
        return self._index.key_questions.get(question_id)

    def standard_of(self, question_id: str) -> Standard:
        """Return the standard a key question belongs to."""
        return self._index.standard_of[question_id]

    def rated_by(self, standard: Standard) -> RatedBy:
        """Return how a standard is rated: its own setting, else its domain's."""
        return standard.rated_by or self.domain_of(standard.id).rated_by

    def disposal_type(self, name: str) -> DisposalType | None:
        """Return the vocabulary entry for a disposal type name or alias, or None."""
        # Most names arrive already in vocabulary form; normalise only when the direct look-up misses.
        found = self._index.disposal_types.get(name)
        return found if found is not None else self._index.disposal_types.get(normalise_term(name))

    def case_questions(self, population: Population) -> tuple[KeyQuestion, ...]:
        """Return the key questions answered per case for one population, in report order."""
        return self._index.case_questions[population]

    def prompt_parent(self, prompt_id: str) -> KeyQuestion | None:
        """Return the key question a prompt sits under, or None if there is no such prompt."""
        return self._index.prompt_parent.get(prompt_id)

    def case_question_ids(self, population: Population) -> frozenset[str]:
        """Return the ids of the key questions answered per case for one population."""
        return self._index.case_question_ids[population]

    def applicable_questions(
        self, population: Population, disposal_type: str, harm_factors: bool, safety_wellbeing_factors: bool
    ) -> frozenset[str]:
        """Return the ids of the key questions that apply to a case with these facts."""
        key = (population, disposal_type, harm_factors, safety_wellbeing_factors)
        found = self._index.applicable.get(key)
        if found is None:
            factors = {
                AppliesWhen.ALWAYS: True,
                AppliesWhen.HARM_FACTORS: harm_factors,
                AppliesWhen.SAFETY_WELLBEING_FACTORS: safety_wellbeing_factors,
            }
            found = frozenset(
                q.id
                for q in self.case_questions(population)
                if factors[q.applies_when]
                and (not q.disposal_types or disposal_type in {self._canonical(t) for t in q.disposal_types})
            )
            self._index.applicable[key] = found
        return found

    def _canonical(self, name: str) -> str:
        entry = self.disposal_type(name)
        return entry.name if entry else name

    def judged_standards(self) -> tuple[Standard, ...]:
        """Return the standards rated by the team's judgement."""
        return tuple(s for s in self.standards if self.rated_by(s) is RatedBy.JUDGEMENT)

    def unverified_items(self) -> list[tuple[str, str]]:
        """List (item, note) for everything in the file marked unverified, for review and reports."""
        items: list[tuple[str, str]] = []
        for name in ("percentages", "discretion", "sampling"):
            note = getattr(self, name).unverified
            if note:
                items.append((name, note))
        for domain in self.domains:
            if domain.unverified:
                items.append((f"domain {domain.id}", domain.unverified))
            for standard in domain.standards:
                if standard.unverified:
                    items.append((f"standard {standard.id}", standard.unverified))
                items.extend((f"key question {q.id}", q.unverified) for q in standard.key_questions if q.unverified)
        items.extend((f"continues {c.framework}", c.unverified) for c in self.continues if c.unverified)
        return items


class _FrameworkIndex:
    """Look-up tables built once per framework, so validating and rating stay fast."""

    def __init__(self, framework: Framework) -> None:
        self.standards: dict[str, Standard] = {}
        self.domain_of: dict[str, Domain] = {}
        self.key_questions: dict[str, KeyQuestion] = {}
        self.standard_of: dict[str, Standard] = {}
        by_population: dict[Population, list[KeyQuestion]] = {p: [] for p in Population}
        for domain in framework.domains:
            for standard in domain.standards:
                self.standards[standard.id] = standard
                self.domain_of[standard.id] = domain
                case_rated = (standard.rated_by or domain.rated_by) is RatedBy.CASE_ANSWERS
                for question in standard.key_questions:
                    self.key_questions[question.id] = question
                    self.standard_of[question.id] = standard
                    if case_rated and domain.population is not None:
                        by_population[domain.population].append(question)
        self.case_questions = {p: tuple(qs) for p, qs in by_population.items()}
        self.prompt_parent = {p.id: q for q in self.key_questions.values() for p in q.prompts}
        self.case_question_ids = {p: frozenset(q.id for q in qs) for p, qs in by_population.items()}
        self.applicable: dict[tuple[Population, str, bool, bool], frozenset[str]] = {}
        self.disposal_types = {normalise_term(n): d for d in framework.disposal_types for n in (d.name, *d.aliases)}
