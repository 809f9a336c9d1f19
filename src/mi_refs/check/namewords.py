"""Word lists the name checks read (issue 16): given names that are rarely surnames,
one-syllable East Asian surnames, the first parts of Chinese compound surnames, and the
words that end a group's name. Data only: the rules are in :mod:`mi_refs.check.names`.

Each list is written for precision, not recall: a word that is as often a surname or the
first part of a double surname (Lewis, Carter, Martin, Thomas, Lloyd, Craig, Gordon,
Mark, Paul, Simon, Bruce, Frank...) is left out, so that ``Lloyd Jones, D.`` or ``Dennison
Himmelfarb, C.`` (double surnames) are never read as a given name written into the
surname."""

from __future__ import annotations

__all__ = [
    "AFFILIATION_WORDS",
    "COMPOUND_FIRST",
    "EAST_ASIAN_SURNAMES",
    "GIVEN_NAMES",
    "GROUP_WORDS",
    "NOT_GIVEN_WORDS",
    "PARTICLES",
]

# Common given names (English, German, Dutch, Scandinavian, French, Italian, Spanish,
# Portuguese) that are not common surnames. One string split: a word list reads better
# than 250 quoted items.
GIVEN_NAMES = frozenset(
    "Aaron Abigail Adam Adrian Adrienne Agnes Alan Albert Alberto Alejandro Alessandro "  # noqa: SIM905
    "Alexander Alexandra Alexis Alfred Alice Alicia Alison Alvin Amanda Amy Andrea Andreas "
    "Andrew Andrés Angela Anna Anne Annette Anthony Antonio Barbara Beatriz Benjamin Bernd "
    "Brian Carla Carlos Carmen Caroline Catherine Charles Charlotte Christian "
    "Christina Christine Christopher Claire Claudia Colin Cristina Cynthia Daniel Daniela "
    "Danielle "
    "David Dawn Deborah Denise Diana Diane Dieter Dmitry Donald Dorothy Dustin Edward "
    "Eleanor Elena Elisabeth Elizabeth Ellen Emily Emma Enrique Eric Erik Erin Ernesto "
    "Esther Eugene Eva Fabio Federico Felipe Fernando Florian Francesca Francesco "
    "Francisco Fred Frederick Gabriel Gabriela Gary Georg Gerald Gerhard Giovanni "
    "Giuseppe Glen Greg Gregory Guillermo Hannah Hans Heather Heinz Helen Helmut Henning "
    "Herbert "
    "Ian Ignacio Ingrid Irene Isabel Jacob Jacqueline Jan Jane Janet Javier Jean "
    "Jeffrey Jennifer Jens Jeremy Jessica Joan Joanna Joao Joel Johan Johannes John "
    "Jonathan Jorge Joseph Josef Joshua Juan Judith Julia Julie Jürgen Karen Karin Karl "
    "Katherine Kathleen Kathryn Kenneth Kevin Kimberly Klaus Kristin Larry Laura Lauren "
    "Leonardo Linda Lisa Lorenzo Louise Lucas Luis Luisa Luke Manuel Marco Margaret Maria "
    "María Marie Marina Mario Marta Martha Mary Matteo Matthew Matthias Mattias Maurizio "
    "Megan Melissa Michael Michel Michelle Miguel Monica Nancy Natalia Nathan Nicholas "
    "Nicola Nicolas Olga Olivia Pablo Pamela Patricia Patrick Pedro Peter Philip "
    "Philipp Pia Pierre Rachel Rafael Rainer Rebecca Reine Renate Ricardo Richard Robert "
    "Roberto Rolf Ronald Ruth Samuel Sandra Sara Sarah Sebastian Sergio Sharon "
    "Sophie Stefan Stefano Stephanie Stephen Steven Susan Susanne Sven Sylvia Teresa "
    "Theresa Thorsten Timothy Tobias Ulrich Ursula Valentina Valerie Vanessa Veronica "
    "Victoria Virginia Walter Werner Wolfgang Yvonne Zachary "
    # short forms that are no surnames (after holdout 6: ``Wolfgang Huber Andy Liaw``)
    "Andy Chris Dave Mike Steve Matt Jim Tony Alex Jeff".split()
)

# One-syllable surnames of Chinese, Korean and Vietnamese writers, folded. A two-word
# surname ending in one of these (``Tian Ng``, ``Ho Lee``) holds a given name (Alvin Wei
# Tian Ng, Hyun Ho Lee), but for the compound surnames below. Western surnames that are
# also on such lists (Lee is; Young, King, Long and Park are left out) are judged by the
# first word, which must not be a particle or a compound's first part.
EAST_ASIAN_SURNAMES = frozenset(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo "  # noqa: SIM905
    "zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai "
    "jiang yu du ye cheng wei su lu ding ren shen yao jin fu zhong wong chan cheung chiu "
    "ng tan lim teo goh ong chua koh chong tay yeo "
    "kim lee choi jung jeong kang cho yoon jang oh seo shin kwon "
    "nguyen tran pham hoang phan vu vo bui ngo duong".split()
)

# First parts of compound surnames written in two words (Ou Yang, Au Yeung, Sze To, Si
# Tu, Zhu Ge, Si Ma...): the pair is one surname.
COMPOUND_FIRST = frozenset(
    "ou au sze si zhu shang dong huang mu ling yu xia gong zhang tai nam "  # noqa: SIM905
    "da dal de del della di do dos du el la le lo san st van von".split()
)

# Words that end a group's name and are nobody's surname: ``Kimi Team`` without braces is
# read as a person, surname Team (folded, periods dropped). Service, Press, Center, Board,
# Union and Trust are real surnames (Robert F. Service, William H. Press) and left out.
GROUP_WORDS = frozenset(
    "team group consortium collaboration collaborators committee investigators society "  # noqa: SIM905
    "association organization organisation institute university foundation agency "
    "ministry network initiative taskforce corporation inc ltd llc gmbh contributors "
    "participants trialists council commission department laboratories labs project "
    "programme program survey study registry college sciences grp".split()
)

# Words of an affiliation or an address that are no part of any person's name, folded
# (issue 16, holdout 4: ``Square, Queen and Hospital, Hammersmith and Road, Ducane``): in a
# person's name (unbraced), an import read the author's address as an author. Street,
# Hall, Lane, Center and Park are surnames (Richard L. Street, Jacqueline R. Center) and
# left out; a discipline (``Kinesiology``) is matched by its ending in the rules.
AFFILIATION_WORDS = frozenset(
    "hospital hospitals hopital klinik klinikum clinic clinics faculty faculte laboratory "  # noqa: SIM905
    "laboratoire school universitat universitaet universite universidad universidade "
    "universita universiteit universitet universitetet universiti universitas univ dept "
    "institut instituto istituto zentrum centro ospedale hopital klinika facultad faculdade "
    "escuela ecole dipartimento departamento departement square road avenue boulevard "
    "strasse professor lecturer view".split()
)

# Words that end a group's name and are surnames but never given names: after the comma of
# a person's name (``Philosophy Documentation, Center``) they are a group's name split in
# two; in a braced name they are a group's, not a person's.
NOT_GIVEN_WORDS = frozenset(
    "center centre press service services board trust union office bureau kommune "  # noqa: SIM905
    "lancet news future innovation declaration library".split()
)

# Particles a braced person's name may hold between its capitalised words.
PARTICLES = frozenset("van von der den de del della di da du la le ter ten".split())  # noqa: SIM905
