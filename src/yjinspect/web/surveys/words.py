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
    "word_note": (
        "Your word for carrying on: {word}. This phone or computer remembers it. To finish on another one, you "
        "will need the same link and this word. Nobody else is told it.",
        "Eich gair i barhau: {word}. Mae'r ffôn neu'r cyfrifiadur hwn yn ei gofio. I orffen ar un arall, bydd angen "
        "yr un ddolen a'r gair hwn arnoch chi. Does neb arall yn cael gwybod amdano.",
    ),
    "word_title": ("Enter your word to carry on", "Rhowch eich gair i barhau"),
    "word_body": (
        "Someone has started answering with this link on another phone or computer. To keep their answers private, "
        "they can only be seen with the word shown to them when they started.",
        "Mae rhywun wedi dechrau ateb gyda'r ddolen hon ar ffôn neu gyfrifiadur arall. I gadw eu hatebion yn breifat, "
        "dim ond gyda'r gair a ddangoswyd iddyn nhw pan ddechreuon nhw y gellir eu gweld.",
    ),
    "word_label": ("Your word (for example, tiger-47)", "Eich gair (er enghraifft, tiger-47)"),
    "word_wrong": (
        "That is not the word for this link. You can try {left} more times.",
        "Nid dyna'r gair ar gyfer y ddolen hon. Gallwch chi roi cynnig arall {left} o weithiau.",
    ),
    "word_wiped": (
        "That was the last try: the answers saved with this link have been deleted, unseen. You can start again.",
        "Dyna'r cynnig olaf: mae'r atebion a gadwyd gyda'r ddolen hon wedi'u dileu, heb eu gweld. Gallwch chi ddechrau eto.",
    ),
    "restart_title": ("Forgotten the word?", "Wedi anghofio'r gair?"),
    "restart_body": (
        "You can start again here. The answers saved with this link will be deleted without anyone seeing them.",
        "Gallwch chi ddechrau eto yma. Bydd yr atebion a gadwyd gyda'r ddolen hon yn cael eu dileu heb i neb eu gweld.",
    ),
    "restart": ("Delete the saved answers and start again", "Dileu'r atebion a gadwyd a dechrau eto"),
    "used_title": ("This link has already been used", "Mae'r ddolen hon wedi cael ei defnyddio'n barod"),
    "used_body": (
        "This link has already been used to send answers. Each link can be used once. If you have already sent "
        "your answers, thank you: there is nothing more to do. If you did not send them, ask the person who gave "
        "you the link for a new one.",
        "Mae'r ddolen hon wedi cael ei defnyddio'n barod i anfon atebion. Gellir defnyddio pob dolen unwaith. Os "
        "ydych chi wedi anfon eich atebion yn barod, diolch: does dim byd arall i'w wneud. Os na wnaethoch chi eu "
        "hanfon, gofynnwch i'r person a roddodd y ddolen i chi am un newydd.",
    ),
    "closed_title": ("This survey has closed", "Mae'r arolwg hwn wedi cau"),
    "closed_body": (
        "It took answers until {date}. Thank you for wanting to take part.",
        "Roedd yn derbyn atebion tan {date}. Diolch am fod eisiau cymryd rhan.",
    ),
    "busy_title": ("Too many attempts", "Gormod o ymdrechion"),
    "busy_body": (
        "Too many answers have been sent with this link in the last few minutes. Wait ten minutes and try again.",
        "Mae gormod o atebion wedi cael eu hanfon gyda'r ddolen hon yn yr ychydig funudau diwethaf. Arhoswch ddeg "
        "munud a rhowch gynnig arall arni.",
    ),
    "unknown_title": ("Link not found", "Heb ddod o hyd i'r ddolen"),
    "unknown_body": (
        "We cannot find this link. Check the code you were given.",
        "Allwn ni ddim dod o hyd i'r ddolen hon. Gwiriwch y cod a gawsoch chi.",
    ),
    "type_again": ("Type your code again", "Teipiwch eich cod eto"),
}


def words_for(language: str) -> dict[str, str]:
    """Return every word of the respondent's pages in a language ("en" or "cy")."""
    index = 1 if language == "cy" else 0
    return {key: pair[index] for key, pair in WORDS.items()}
