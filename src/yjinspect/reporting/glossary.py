"""Glossary entries printed in reports, from the inspectorate's published glossary (seed 003, Annexe 3)."""

GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "AssetPlus",
        "Assessment and planning framework tool developed by the Youth Justice Board for work with children who have "
        "offended, or are at risk of offending, that reflects current research and understanding of what works with children",
    ),
    (
        "Community resolution",
        "Used in low-level, often first-time, offences where there is informal agreement, often also "
        "involving the victim, about how the offence should be resolved",
    ),
    (
        "Court disposals",
        "The sentence imposed by the court. Examples of youth court disposals are referral orders, youth "
        "rehabilitation orders and detention and training orders",
    ),
    (
        "Child protection",
        "Work to make sure that all reasonable action has been taken to keep to a minimum the risk of a child "
        "experiencing significant harm",
    ),
    (
        "First-time entrant",
        "A child who receives a statutory criminal justice outcome (youth caution, youth conditional caution "
        "or conviction) for the first time",
    ),
    (
        "Out-of-court disposal",
        "The resolution of a normally low-level offence, where it is not in the public interest to "
        "prosecute, through a community resolution, youth caution or youth conditional caution",
    ),
    (
        "Personalised",
        "A personalised approach is one in which services are tailored to meet the needs of individuals, giving "
        "people as much choice and control as possible over the support they receive. We use this term to include diversity factors",
    ),
    (
        "Referral order",
        "A restorative court order which can be imposed when the child appearing before the court pleads guilty, "
        "and whereby the threshold does not meet a youth rehabilitation order",
    ),
    (
        "Risk of serious harm",
        "A term used in AssetPlus. All cases are classified as presenting a low, medium, high or very high "
        "risk of serious harm to others",
    ),
    (
        "Safeguarding",
        "A wider term than 'child protection', it involves promoting a child's health and development, and ensuring "
        "that their overall welfare needs are met",
    ),
    (
        "Safety and wellbeing",
        "AssetPlus replaced the assessment of vulnerability with a holistic outlook of a child's safety and wellbeing concerns",
    ),
    (
        "Youth caution",
        "A caution accepted by a child following admission to an offence where it is not considered to be in the "
        "public interest to prosecute the offender",
    ),
    (
        "Youth conditional caution",
        "As for a youth caution, but with conditions attached that the child is required to comply with "
        "for up to the next three months",
    ),
    (
        "YOT/YOS/YJS",
        "Youth offending team, youth offending service, youth justice service: the local multi-agency service that "
        "aims to reduce offending by children",
    ),
    ("Youth rehabilitation order", "Overarching community sentence to which the court applies requirements"),
)
