"""The words of a respondent's pages around the questionnaire's own, in English and Welsh.

The questionnaire's wording is the instrument's (frameworks/surveys/); these are the buttons, headings and
messages. The Welsh is a draft for a Welsh speaker to check (as the instruments' Welsh wording is marked).
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "start": ("Start now", "Dechrau nawr"),
    "continue": ("Continue", "Parhau"),
    "back": ("Back", "Yn ôl"),
    "resume": ("Carry on where you left off", "Parhau o'r lle roeddech chi"),
    "check_title": ("Check your answers before sending them", "Gwiriwch eich atebion cyn eu hanfon"),
    "change": ("Change", "Newid"),
    "not_answered": ("Not answered", "Heb ei ateb"),
    "send": ("Send my answers", "Anfon fy atebion"),
    "send_note": (
        "When you send your answers you cannot change them. This link will not work again.",
        "Pan fyddwch chi'n anfon eich atebion, allwch chi ddim eu newid. Fydd y ddolen hon ddim yn gweithio eto.",
    ),
    "skip_hint": ("You can leave this question out: just continue.", "Gallwch chi hepgor y cwestiwn hwn: parhewch."),
    "saved_note": (
        "Your answers are saved each time you continue. To finish later, open the same link again.",
        "Mae eich atebion yn cael eu cadw bob tro y byddwch chi'n parhau. I orffen yn nes ymlaen, agorwch yr un ddolen eto.",
    ),
    "your_code": ("Your code", "Eich cod"),
    "question_of": ("Question", "Cwestiwn"),
    "problem": ("There is a problem", "Mae problem"),
    "thanks_title": ("Thank you: your answers have been sent", "Diolch: mae eich atebion wedi'u hanfon"),
    "thanks_body": (
        "The inspectors will read them with everyone else's. Nobody at the service will see your answers.",
        "Bydd yr arolygwyr yn eu darllen gyda rhai pawb arall. Fydd neb yn y gwasanaeth yn gweld eich atebion.",
    ),
    "language": ("Language", "Iaith"),
    "use_welsh": ("Cymraeg", "Cymraeg"),
    "use_english": ("English", "English"),
    "anonymous": (
        "You do not need an account, and we do not record who you are.",
        "Does dim angen cyfrif arnoch chi, a dydyn ni ddim yn cofnodi pwy ydych chi.",
    ),
    "low": ("lowest", "isaf"),
    "high": ("highest", "uchaf"),
    "number_hint": ("Type a whole number from {min} to {max}.", "Teipiwch rif cyfan o {min} i {max}."),
}


def words_for(language: str) -> dict[str, str]:
    """Return every word of the respondent's pages in a language ("en" or "cy")."""
    index = 1 if language == "cy" else 0
    return {key: pair[index] for key, pair in WORDS.items()}
