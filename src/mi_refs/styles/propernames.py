"""Words sentence case keeps capitalised although a title-cased title gives no sign of it:
the proper names medical titles hold most often (AMA 11 3.9.1: in article titles capitalise
only the first word, proper names, trial and study group names, and abbreviations). Data
only: the rules are in :mod:`mi_refs.styles.casing`.

Each list is written for precision: a word that is as often a common word in a title
(``Still``, ``Bell``, ``Black``, ``White``, ``Southern``, ``Child``, ``Young``) is left
out, so that sentence case lowers it; a word missed keeps nothing worse than before (the
writer braces it: ``{Omaha}``)."""

from __future__ import annotations

__all__ = ["EPONYMS_BEFORE", "HONORIFICS", "NAME_ROLES", "PROPER_PHRASES", "PROPER_WORDS"]

# Eponyms of diseases, signs, tests, scales and statistics (AMA 11 15.0: printed in the
# nonpossessive form, capitalised: Parkinson disease, Kaplan-Meier). One string split.
_EPONYMS = (
    "Addison Alzheimer Angelman Apgar Asperger Barré Barre Barrett Basedow Behçet Behcet "
    "Binet Bonferroni Bowen Breslow Brugada Burkitt Castleman Chagas Charlson Chiari "
    "Cockcroft Coombs Creutzfeldt Crigler Crohn Cronbach Cushing Danlos Dubin Duchenne "
    "Dupuytren Durie Ebstein Ehlers Eisenmenger Epstein Ewing Fabry Fallot Fanconi Felty "
    "Framingham Friedreich Gaucher Gaussian Gleason Glanzmann Goodpasture Graves Guillain "
    "Hashimoto Henoch Hirschsprung Hodgkin Huntington Hurler Jakob Kaplan "
    "Karnofsky Kawasaki Killip Klinefelter Korsakoff Krabbe Kruskal Kussmaul Langerhans "
    "Lennox Lesch Lewy Likert Lyme Marfan Markov Meckel Meier Meniere Ménière Merkel "
    "Nyhan Osler Paget Papanicolaou Parkinson Pearson Peyronie Poisson Pompe Prader "
    "Purkinje Raynaud Reiter Rett Reye Sachs Schönlein Schonlein Schwann Sézary Sezary "
    "Sjögren Sjogren Spearman Stargardt Sturge Takayasu Tourette Valsalva Waldenström "
    "Waldenstrom Wallis Wegener Wernicke Whipple Wilcoxon Willebrand Willi Wilms Wiskott "
    "Wolff Zollinger Bayes Bayesian Cox Evans Kaposi Hansen Tay Turner Wilson Pugh "
    "Child-Pugh Wolff-Parkinson-White Bland-Altman Durie-Salmon Lambert Eaton Stevens "
    "Johnson Weber Ellison Aldrich Mann Whitney Barr Najjar Budd Conn"
)
# Places and peoples: continents, countries, nationalities, languages, US states and
# cities medical titles name; days and months.
_PLACES = (
    "Africa African America American Americans Asia Asian Australia Australian Europe "
    "European Antarctica Arctic Atlantic Pacific Mediterranean Scandinavia Scandinavian "
    "Nordic Caribbean Afghanistan Albania Algeria Argentina Argentinian Armenia Austria "
    "Austrian Bangladesh Belgium Belgian Bolivia Brazil Brazilian Britain British Bulgaria "
    "Cambodia Cameroon Canada Canadian Chile Chilean China Chinese Colombia Colombian Croatia "
    "Cuba Cyprus Czech Czechia Denmark Danish Dutch Ecuador Egypt Egyptian England English "
    "Estonia Ethiopia Ethiopian Finland Finnish France French Germany German Ghana Greece "
    "Greek Hungary Hungarian Iceland Icelandic India Indian Indonesia Indonesian Iran "
    "Iranian Iraq Ireland Irish Israel Israeli Italy Italian Japan Japanese Jordan Kenya "
    "Kenyan Korea Korean Kuwait Latvia Lebanon Lithuania Luxembourg Malawi Malaysia "
    "Malaysian Mexico Mexican Morocco Mozambique Nepal Netherlands Nigeria Nigerian Norway "
    "Norwegian Pakistan Pakistani Peru Philippines Filipino Poland Polish Portugal "
    "Portuguese Qatar Romania Russia Russian Rwanda Scotland Scottish Senegal Serbia "
    "Singapore Slovakia Slovenia Spain Spanish Sweden Swedish Switzerland Swiss Syria "
    "Taiwan Taiwanese Tanzania Thailand Thai Tunisia Turkey Turkish Uganda Ukraine "
    "Ukrainian Uruguay Venezuela Vietnam Vietnamese Wales Welsh Yemen Zambia Zimbabwe "
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida "
    "Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland "
    "Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio "
    "Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington "
    "Wisconsin Wyoming Boston Chicago London Paris Tokyo Beijing Shanghai Toronto Sydney "
    "Melbourne Madrid Rome Berlin Stockholm Oslo Copenhagen Helsinki Amsterdam Vienna "
    "Geneva Zurich Seattle Philadelphia Baltimore Houston Atlanta Glasgow Edinburgh "
    "Manchester Birmingham Oxford Cambridge Hispanic Latino Latina Latinx Caucasian "
    "Arab Arabic Hindu Muslim Jewish Christian Buddhist Indigenous Aboriginal Maori Māori "
    "Inuit Medicare Medicaid Cochrane "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February April June "
    "July August September October November December"
)
PROPER_WORDS: frozenset[str] = frozenset(f"{_EPONYMS} {_PLACES}".split())

# Proper names of more than one word whose words alone are common (``United``, ``New``):
# kept only together, as a phrase of the title.
PROPER_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "United States", "United Kingdom", "United Arab Emirates", "New Zealand",
        "New York", "New Jersey", "New Mexico", "New Hampshire", "New England",
        "New South Wales", "North America", "South America", "Latin America",
        "Central America", "South Africa", "North Carolina", "South Carolina",
        "North Dakota", "South Dakota", "West Virginia", "Rhode Island", "Hong Kong",
        "Saudi Arabia", "Sri Lanka", "Costa Rica", "Puerto Rico", "Middle East",
        "Ann Arbor", "Monte Carlo",
    )
)  # fmt: skip

# Eponyms that are also common words, kept only before the word they name: ``Down
# syndrome``, ``Still disease``, ``Bell palsy``, ``Lynch syndrome``.
EPONYMS_BEFORE: dict[str, frozenset[str]] = {
    "Down": frozenset({"syndrome"}),
    "Still": frozenset({"disease"}),
    "Bell": frozenset({"palsy"}),
    "Lynch": frozenset({"syndrome"}),
    "Pick": frozenset({"disease"}),
    "Hunter": frozenset({"syndrome"}),
    "Bland": frozenset({"altman"}),
}

# A title's words that name the people after a colon: ``Chairs: Mary Tully and Brit
# Cadman`` (a session of a meeting, as abstract books and Embase print it).
NAME_ROLES: frozenset[str] = frozenset(
    "chair chairs chairperson chairpersons chairman chairmen chairwoman co-chair co-chairs "  # noqa: SIM905
    "cochair cochairs moderator moderators speaker speakers presenter presenters discussant "
    "discussants panelist panelists panellist panellists convener conveners convenor "
    "convenors organizer organizers organiser organisers facilitator facilitators "
    "faculty judges interviewer interviewee".split()
)

# Words before a person's name that are printed with it: ``Professor``, ``Dr``.
HONORIFICS: frozenset[str] = frozenset(
    "Dr Dr. Prof Prof. Professor Sir Dame Mr Mr. Mrs Mrs. Ms Ms. Lord Lady".split()  # noqa: SIM905
)
