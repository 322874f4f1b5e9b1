"""The `yjinspect` command: the core over files, for automation and for users without a server."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from yjinspect.bundle import BundleError
from yjinspect.engine.loading import FrameworkError
from yjinspect.engine.sampling import SamplingError, draw_sample
from yjinspect.engine.survey_counts import (
    SMALL_NUMBER,
    SurveyCount,
    count_phrase,
    count_survey,
    point_words,
    suggested_sentences,
)
from yjinspect.examples import EXAMPLES, example_text
from yjinspect.importing.caseload import CaseloadError, read_caseload_file
from yjinspect.importing.public_record import read_public_record
from yjinspect.importing.published_ratings import PublishedRatingsError, RowOutcome, parse_published_ratings, read_open_data
from yjinspect.importing.published_reports import disagreements_record
from yjinspect.importing.report_folder import FileRead, read_report_folder
from yjinspect.importing.report_text import ReportTextError, read_report_text
from yjinspect.importing.survey_export import SurveyExportError, read_survey_export
from yjinspect.programmes import compose_report, programme_for, programme_ids, read_inspection_file, read_published_report
from yjinspect.reporting.renderers import RENDERERS, render_report
from yjinspect.summary import sample_explanation, sample_record
from yjinspect.synthetic import synthetic_caseload

BAD_INPUT = 2  # the exit status for anything wrong with what the user gave us


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(BAD_INPUT)


def _print_json(record: Any) -> None:
    click.echo(json.dumps(record, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="yjinspect")
def main() -> None:
    """Run youth offending inspections by HM Inspectorate of Probation's published rules."""


@main.command()
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--provisional", is_flag=True, help="Allow missing answers and ratings; the result is marked provisional.")
def validate(bundle: str, provisional: bool) -> None:
    """List every problem in an inspection bundle; exit status 2 if there are any."""
    try:
        inspection = read_inspection_file(bundle, provisional=provisional)
    except BundleError as error:
        _fail(str(error))
    click.echo(f"{bundle}: valid ({len(inspection.cases)} cases, framework {inspection.framework.id})")


@main.command()
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--provisional", is_flag=True, help="Allow missing answers and ratings; the result is marked provisional.")
@click.option("--json", "as_json", is_flag=True, help="Print the ratings as JSON.")
def rate(bundle: str, provisional: bool, as_json: bool) -> None:
    """Rate an inspection bundle by its framework's rules and print the ratings table.

    A scored programme's bundle (core case, full joint inspection) is scored, with the full joint
    inspection team's judgements beside the scores; a screening's is counted.
    """
    try:
        inspection = read_inspection_file(bundle, provisional=provisional)
    except BundleError as error:
        _fail(str(error))
    programme = inspection.programme
    if as_json:
        _print_json(programme.rate_record(inspection.result))
    else:
        click.echo(programme.ratings_table(inspection.result, inspection.service), nl=False)


@main.command()
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--format", "report_format", type=click.Choice(sorted(RENDERERS)), default="html", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.option("--provisional", is_flag=True, help="Allow missing answers and ratings; the report says it is provisional.")
@click.option("--final", is_flag=True, help="Leave out the draft marking (for the version to publish).")
@click.option(
    "--compare",
    "compare",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A published report (text or PDF) of another inspection of the same programme; a core case inspection's "
    "foreword compares its headline scores with theirs. Repeat for each.",
)
def report(*, bundle: str, report_format: str, output: str, provisional: bool, final: bool, compare: tuple[str, ...]) -> None:
    """Write an inspection's report as HTML, PDF or Word; narrative in the bundle is used, gaps are marked."""
    try:
        inspection = read_inspection_file(bundle, provisional=provisional)
    except BundleError as error:
        _fail(str(error))
    others = []
    for path in compare:
        try:
            record = read_published_report(read_report_text(path))
        except ReportTextError as error:
            _fail(str(error))
        if record["programme"] != inspection.framework.id:
            _fail(f"{path}: is a {record['programme']} report; --compare takes reports of {inspection.framework.id}")
        others.append(record)
    document = compose_report(inspection, others=others, draft=not final)
    rendered = render_report(document, report_format)
    try:
        with open(output, "wb") as handle:
            handle.write(rendered.content)
    except OSError as error:
        _fail(f"{output}: cannot write ({error.strerror})")
    click.echo(f"wrote {output} ({len(rendered.content):,} bytes)", err=True)


@main.command("import-report")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.option("--check", is_flag=True, help="Recompute ratings from the stated figures and list each disagreement.")
def import_report(*, file: str, as_json: bool, check: bool) -> None:
    """Read a published report (plain text, or PDF) into a structured record."""
    try:
        text = read_report_text(file)
    except ReportTextError as error:
        _fail(str(error))
    record = read_published_report(text)
    # A screening has no scores or ratings to check; an unknown programme has no rules to check by.
    checked = programme_for(record["programme"]).check_published(record) if record["programme"] in programme_ids() else None
    checkable = checked is not None
    found = checked or []
    if as_json:
        if check:
            record["check"] = disagreements_record(found) if checkable else None
        _print_json(record)
        return
    click.echo(f"{file}: {record['programme']}, {record['service'] or 'service not stated'}, {record['year'] or 'year not stated'}"
               + (" (partial: the text is cut short or damaged)" if record["partial"] else ""))  # fmt: skip
    overall = record["overall"] or {}
    if overall:
        click.echo(f"Overall: {overall.get('rating') or 'not stated'}, score {overall.get('score')}/{overall.get('max')}")
    for standard, value in record["standards"].items():
        figures = ", ".join(
            f"{q} {v['percent']}%{'*' if v['discretion'] else ''}"
            for q, v in record["key_questions"].items()
            if q.startswith(standard + ".")
        )
        click.echo(f"  {standard} {value['rating']}" + (f" ({figures})" if figures else ""))
    for note in record["notes"]:
        click.echo(f"Note: {note}")
    if check and not checkable:
        click.echo(f"Check: {record['programme']} reports state no scores or ratings to check.")
    elif check:
        click.echo(
            "Check: every stated rating, comment and judgement agrees with the rules."
            if not found
            else f"Check: {len(found)} disagreement(s):"
        )
        for item in found:
            click.echo(f"  {item.item}: stated {item.stated}, by the rules {item.by_rules}: {item.explanation}")


@main.command("import-reports")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write every record, as JSON, to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print what was read from each file as JSON instead of words.")
def import_reports(*, folder: str, output: str | None, as_json: bool) -> None:
    """Read every published report in FOLDER (PDF, text or HTML), showing progress and what was read from
    each file and what was not. All or nothing: the records are written (-o) only if every file states its
    programme, service and year; otherwise nothing is written and the exit status is 2."""

    def progress(done: int, total: int, item: FileRead) -> None:
        record = item.record or {}
        said = f"{record.get('programme')}, {record.get('service') or 'service not stated'}" if record else "not read"
        click.echo(f"[{done}/{total}] {item.name}: {said}" + ("" if item.importable else " (cannot be imported)"), err=True)

    reads = read_report_folder(Path(folder), read_published_report, progress=progress)
    if not reads:
        _fail(f"{folder}: no report files (.pdf, .txt, .html, .htm) in it")
    refused = [r for r in reads if not r.importable]
    if as_json:
        _print_json(
            [{"file": r.name, "read": list(r.read), "not_read": list(r.not_read), "refused": list(r.refused)} for r in reads]
        )
    else:
        for item in reads:
            click.echo(f"{item.name}:")
            for line in item.read:
                click.echo(f"  read: {line}")
            for line in item.not_read:
                click.echo(f"  not read: {line}")
            for line in item.refused:
                click.echo(f"  cannot be imported: {line}")
    if refused:
        _fail(
            f"{len(refused)} of {len(reads)} file(s) cannot be imported; nothing was written: {', '.join(r.name for r in refused)}"
        )
    if output is not None:
        _write(json.dumps([r.record for r in reads], indent=2, ensure_ascii=False) + "\n", output)
    click.echo(f"{len(reads)} report(s) read" + (f", written to {output}" if output else ""), err=True)


@main.command("import-ratings")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the records and every row's outcome as JSON.")
def import_ratings(*, file: str | None, as_json: bool) -> None:
    """Read a CSV of published ratings; without FILE, the public record shipped with yjinspect.

    The open data's shape (la_name, score_%, one column per standard name) is read row by row: what a
    row states unambiguously is imported, and every row with a problem is listed with it. A file in
    the published-ratings shape (service, date, programme, ...) is all or nothing.
    """
    reads: list[tuple[str, list[dict[str, Any]], list[RowOutcome]]] = []
    if file is None:
        reads = [(d.data_set.file, list(d.records), list(d.rows)) for d in read_public_record()]
    else:
        try:
            with open(file, encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            _fail(f"{file}: cannot be read as UTF-8 text ({error})")
        try:
            if text.split("\n", 1)[0].startswith("la_name"):
                read = read_open_data(text, source=file)
                reads = [(file, list(read.records), list(read.rows))]
            else:
                records = parse_published_ratings(text, source=file)
                reads = [(file, records, [RowOutcome(n, r["service"], True, ()) for n, r in enumerate(records, start=2)])]
        except PublishedRatingsError as error:
            _fail(str(error))
    if as_json:
        _print_json(
            [
                {
                    "file": name,
                    "records": records,
                    "rows": [
                        {"row": o.line, "service": o.service, "status": o.status, "problems": list(o.problems)} for o in rows
                    ],
                }
                for name, records, rows in reads
            ]
        )
        return
    for name, records, rows in reads:
        whole = sum(1 for o in rows if o.imported and not o.problems)
        click.echo(
            f"{name}: {len(rows)} row(s): {whole} imported whole, {len(records) - whole} imported in part, "
            f"{len(rows) - len(records)} not imported"
        )
        for outcome in rows:
            if outcome.problems:
                click.echo(f"  row {outcome.line}, {outcome.service}: {outcome.status}")
                for problem in outcome.problems:
                    click.echo(f"    {problem}")


@main.command()
@click.argument("caseload", type=click.Path(dir_okay=False))
@click.option("--fieldwork-start", required=True, help="First day of fieldwork, YYYY-MM-DD.")
@click.option("--framework", "framework_id", default="hmip-youth-2018", show_default=True, help="Framework id.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed: the same file and seed give the same sample.")
@click.option("--confidence", type=click.FloatRange(0.5, 0.999), default=None, help="Confidence level (framework default 0.8).")
@click.option("--margin", type=click.FloatRange(0.005, 0.5), default=None, help="Margin of error (framework default 0.05).")
@click.option("--json", "as_json", is_flag=True, help="Print the draw as JSON.")
def sample(
    *,
    caseload: str,
    fieldwork_start: str,
    framework_id: str,
    seed: int,
    confidence: float | None,
    margin: float | None,
    as_json: bool,
) -> None:
    """Draw a stratified case sample from an eligible caseload CSV."""
    start = _date_option("--fieldwork-start", fieldwork_start)
    try:
        programme = programme_for(framework_id)
        if not programme.has_data_return:
            _fail(f"--framework: a {programme.label} ({framework_id}) draws no sample from a caseload")
        framework = programme.framework
        rows = read_caseload_file(caseload, framework)
        draw = draw_sample(framework, rows, fieldwork_start=start, seed=seed, confidence=confidence, margin=margin)
    except (FrameworkError, CaseloadError) as error:
        _fail(str(error))
    except SamplingError as error:
        _fail(f"{caseload}: cannot draw a sample: " + "; ".join(error.problems))
    if as_json:
        _print_json(sample_record(draw))
    else:
        click.echo(sample_explanation(draw), nl=False)


@main.command()
@click.argument("name", type=click.Choice(sorted(EXAMPLES)))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of printing.")
def example(name: str, output: str | None) -> None:
    """Write a synthetic example inspection bundle (built from a published report's figures)."""
    _write(example_text(name), output)


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        _fail(f"{output}: cannot write ({error.strerror})")
    click.echo(f"wrote {output}", err=True)


def _date_option(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)")


@main.command("synthetic-caseload")
@click.option("--rows", type=click.IntRange(1, 10_000_000), default=150, show_default=True, help="Number of rows.")
@click.option("--fieldwork-start", required=True, help="First day of fieldwork, YYYY-MM-DD.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the generator.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of printing.")
def synthetic_caseload_command(*, rows: int, fieldwork_start: str, seed: int, output: str | None) -> None:
    """Write a synthetic eligible caseload CSV (invented cases, for trying out sampling)."""
    text = synthetic_caseload(rows, fieldwork_start=_date_option("--fieldwork-start", fieldwork_start), seed=seed)
    _write(text, output)


@main.command("survey-summary")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--small-number", type=click.IntRange(1, 50), default=None,
              help="Below this many who answered a question, give counts only (docs/surveys.md, SU-3). "
                   "Default: the survey's own threshold, which the export carries (5 for an export without it).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def survey_summary(*, file: str, small_number: int | None, as_json: bool) -> None:
    """Summarise a survey's responses exported from the web application (its CSV): each question's counts and
    shares of those who answered it, in the report's words. Free text is counted, never printed."""
    try:
        with open(file, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"{file}: cannot read the file as UTF-8 text ({error})")
    try:
        export = read_survey_export(text, source=file)
    except SurveyExportError as error:
        _fail(str(error))
    # The survey's own threshold, so that the summary withholds what the results page withholds; an option
    # given overrides it; an export made before it carried the threshold keeps the old default, and says so.
    if small_number is not None:
        threshold, said = small_number, "given with --small-number"
    elif export.small_number is not None:
        threshold, said = export.small_number, "the survey's own, from the export"
    else:
        threshold = SMALL_NUMBER
        said = "the default: this export does not carry its survey's threshold; give --small-number to use the survey's own"
    instrument = export.instrument
    counted = count_survey(instrument, export.responses, threshold)
    if as_json:
        _print_json({**_survey_record(counted), "small_number_from": "option" if small_number is not None
                     else "export" if export.small_number is not None else "default"})  # fmt: skip
        return
    click.echo(f"{instrument.title} ({instrument.id}): {counted.respondents} {instrument.noun(counted.respondents)} responded")
    click.echo(f"Small-number threshold: {threshold} ({said}); below it, counts only")
    for result in counted.questions:
        click.echo(f"\n{result.question.id}. {result.question.text}")
        click.echo(f"  {result.answered} answered" + (f" of {result.shown} asked" if result.question.show_if else ""))
        shares = [(o.label, o.share) for o in result.options] + [
            (point_words(result.question, p.point), p.share) for p in result.at_least
        ]
        for label, found in shares:
            if found is not None:
                click.echo(f"  {label}: {count_phrase(instrument, found)}")
        for sentence in suggested_sentences(result, instrument):
            click.echo(f"  > {sentence}")


def _survey_record(counted: SurveyCount) -> dict[str, Any]:
    def share(found: Any) -> dict[str, Any] | None:
        return None if found is None else {"count": found.count, "answered": found.answered, "percent": found.percent}

    return {
        "instrument": counted.instrument.id,
        "respondents": counted.respondents,
        "small_number": counted.small_number,
        "questions": {
            q.question.id: {
                "shown": q.shown,
                "answered": q.answered,
                "answers": {o.id: share(o.share) for o in q.options},
                "at_least": {str(p.point): share(p.share) for p in q.at_least},
            }
            for q in counted.questions
        },
    }


@main.command()
@click.option("--unverified", is_flag=True, help="Also list every item the public record does not confirm.")
def frameworks(unverified: bool) -> None:
    """List the shipped frameworks, each with its programme kind."""
    for framework_id in programme_ids():
        programme = programme_for(framework_id)
        click.echo(f"{programme.id}: {programme.title} ({programme.years[0]}-{programme.years[1]}; {programme.label})")
        if unverified:
            for item, note in programme.unverified_items():
                click.echo(f"    unverified {item}: {note}")


if __name__ == "__main__":  # pragma: no cover
    main()
