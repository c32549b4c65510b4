"""Age ratings as the sources spell them, onto catalog.models.Film.Certificate.

Korea's ratings (영상물등급위원회, the Korea Media Rating Board) have been spelt several ways:
KOBIS gives `audits[].watchGradeNm` ("15세이상관람가"), KMDb `rating` ("15세관람가"), TMDB's
KR release dates "All", "12", "15", "18" or "Restricted Screening", and films rated before
2002 carry the grades of their day: 연소자관람가 / 중학생이상관람가 / 고등학생이상관람가 /
연소자관람불가 (1984-1996) and 모두관람가 / 12세관람가 / 15세관람가 / 18세관람가 (1997-2002).
The older school grades map onto the nearest current age (middle school from 12, high school
from 15). 청소년관람불가 and TMDB's "18" are one grade: since Korea counts ages in full years
(June 2023) the board states it as "under 19 may not watch"; the catalogue shows its Korean
label, 청소년관람불가, and "No one under 19" in English."""

import re

ALL, TWELVE, FIFTEEN, ADULTS, RESTRICTED = "all", "12", "15", "18", "restricted"

_GRADES = {
    # current (2002-)
    "전체관람가": ALL,
    "12세이상관람가": TWELVE,
    "15세이상관람가": FIFTEEN,
    "청소년관람불가": ADULTS,
    "제한상영가": RESTRICTED,
    # 1997-2002 and KMDb's spellings
    "모두관람가": ALL,
    "12세관람가": TWELVE,
    "15세관람가": FIFTEEN,
    "18세관람가": ADULTS,
    "18세이상관람가": ADULTS,
    "19세관람가": ADULTS,
    "19세이상관람가": ADULTS,
    "18세관람가청소년관람불가": ADULTS,  # KMDb's "18세관람가(청소년관람불가)"
    # 1984-1996
    "연소자관람가": ALL,
    "중학생이상관람가": TWELVE,
    "고등학생이상관람가": FIFTEEN,
    "연소자관람불가": ADULTS,
    "미성년자관람불가": ADULTS,
    # TMDB's certifications for KR, and English spellings seen beside them
    "all": ALL,
    "12": TWELVE,
    "15": FIFTEEN,
    "18": ADULTS,
    "19": ADULTS,
    "restrictedscreening": RESTRICTED,
    "restricted": RESTRICTED,
}


def _key(label: str) -> str:
    # "15세(이상)관람가", "15세 이상 관람가", "Restricted Screening" -> one spelling each
    return re.sub(r"[\s()（）·]+", "", label).replace("이상이상", "이상").lower()


def certificate(label: str | None) -> str:
    """The catalogue's certificate for a source's label, "" when it is none we know."""
    if not label:
        return ""
    key = _key(label)
    if key in _GRADES:
        return _GRADES[key]
    # "15세(이상)관람가" read as 15세이상관람가; an "이상" the source left out ("15세관람가")
    return _GRADES.get(key.replace("이상", ""), "")
