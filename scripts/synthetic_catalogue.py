"""A seeded synthetic catalogue (Korean films and people) and a query mix drawn from it,
for benchmarking search at a realistic size: see scripts/bench-search.

Everything is made from word lists and weighted tables with one `random.Random(seed)` per
part, so the same seed and sizes give the same catalogue and the same queries on any machine.
Rows go in with `bulk_create` in one transaction; nothing of the demo catalogue is needed.
"""

import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from catalog.models import AlternativeTitle, Credit, Film, Genre, Person
from catalog.naming import romanise

SEED = 20130123  # Miracle in Cell No. 7 opened on 23 January 2013.
BATCH_SIZE = 5_000
FIRST_YEAR, LAST_YEAR = 1950, 2025
GENRES_FILE = Path(__file__).resolve().parent.parent / "kcinema" / "demo" / "catalogue.json"

Progress = Callable[[str, int, int], None]

# --- People -----------------------------------------------------------------------------------

# Surnames with their share of the population (per mille, 2015 census, rounded) and the Latin
# spelling most people with the name use in film credits.
SURNAMES: list[tuple[str, str, float]] = [
    ("김", "Kim", 215), ("이", "Lee", 147), ("박", "Park", 84), ("최", "Choi", 47),
    ("정", "Jung", 43), ("강", "Kang", 24), ("조", "Cho", 21), ("윤", "Yoon", 21),
    ("장", "Jang", 20), ("임", "Lim", 17), ("한", "Han", 15), ("오", "Oh", 15),
    ("서", "Seo", 15), ("신", "Shin", 14), ("권", "Kwon", 14), ("황", "Hwang", 14),
    ("안", "Ahn", 14), ("송", "Song", 13), ("류", "Ryu", 12), ("전", "Jeon", 11),
    ("홍", "Hong", 11), ("고", "Ko", 9), ("문", "Moon", 9), ("양", "Yang", 9),
    ("손", "Son", 9), ("배", "Bae", 8), ("백", "Baek", 8), ("허", "Heo", 7),
    ("유", "Yoo", 6), ("남", "Nam", 6), ("심", "Shim", 5), ("노", "Noh", 5),
    ("하", "Ha", 5), ("곽", "Kwak", 4), ("성", "Sung", 4), ("차", "Cha", 4),
    ("주", "Joo", 4), ("우", "Woo", 4), ("구", "Koo", 4), ("민", "Min", 3),
    ("진", "Jin", 3), ("나", "Na", 3), ("지", "Ji", 3), ("엄", "Eom", 3),
    ("채", "Chae", 3), ("원", "Won", 3), ("천", "Cheon", 2), ("방", "Bang", 2),
    ("공", "Kong", 2), ("현", "Hyun", 2), ("함", "Ham", 2), ("변", "Byun", 2),
    ("염", "Yeom", 2), ("여", "Yeo", 2), ("추", "Choo", 2), ("도", "Do", 2),
    ("소", "So", 1), ("석", "Seok", 1), ("선", "Sun", 1), ("설", "Seol", 1),
    ("마", "Ma", 1), ("길", "Gil", 1), ("연", "Yeon", 1), ("위", "Wi", 1),
    ("표", "Pyo", 1), ("명", "Myung", 1), ("기", "Ki", 1), ("반", "Ban", 1),
    ("왕", "Wang", 1), ("금", "Geum", 1), ("옥", "Ok", 1), ("육", "Yook", 1),
    ("인", "In", 1), ("맹", "Maeng", 1), ("제", "Je", 1), ("모", "Mo", 1),
    ("탁", "Tak", 1), ("국", "Kook", 1), ("봉", "Bong", 1), ("편", "Pyeon", 0.5),
    ("용", "Yong", 0.5), ("예", "Ye", 0.5), ("경", "Kyung", 0.5), ("어", "Eo", 0.3),
    ("황보", "Hwangbo", 0.3), ("남궁", "Namgung", 0.3), ("제갈", "Jegal", 0.2),
    ("선우", "Sunwoo", 0.2), ("독고", "Dokgo", 0.1),
]  # fmt: skip

# Given-name syllables with the conventional spelling (Byung, not Byeong) and, where it differs,
# the Revised Romanization that younger people and some credits use instead.
SYLLABLES: dict[str, tuple[str, str]] = {
    "가": ("ga", "ga"), "강": ("kang", "gang"), "건": ("gun", "geon"), "경": ("kyung", "gyeong"),
    "광": ("kwang", "gwang"), "규": ("kyu", "gyu"), "근": ("keun", "geun"), "기": ("ki", "gi"),
    "나": ("na", "na"), "남": ("nam", "nam"), "다": ("da", "da"), "도": ("do", "do"),
    "동": ("dong", "dong"), "라": ("ra", "ra"), "란": ("ran", "ran"), "래": ("rae", "rae"),
    "린": ("rin", "rin"), "명": ("myung", "myeong"), "미": ("mi", "mi"), "민": ("min", "min"),
    "범": ("bum", "beom"), "별": ("byul", "byeol"), "병": ("byung", "byeong"), "보": ("bo", "bo"),
    "봄": ("bom", "bom"), "빈": ("bin", "bin"), "상": ("sang", "sang"), "서": ("seo", "seo"),
    "석": ("seok", "seok"), "선": ("sun", "seon"), "성": ("sung", "seong"), "세": ("se", "se"),
    "소": ("so", "so"), "솔": ("sol", "sol"), "수": ("soo", "su"), "숙": ("sook", "suk"),
    "순": ("soon", "sun"), "슬": ("seul", "seul"), "승": ("seung", "seung"), "시": ("si", "si"),
    "식": ("sik", "sik"), "아": ("ah", "a"), "애": ("ae", "ae"), "연": ("yeon", "yeon"),
    "영": ("young", "yeong"), "예": ("ye", "ye"), "옥": ("ok", "ok"), "완": ("wan", "wan"),
    "용": ("yong", "yong"), "우": ("woo", "u"), "욱": ("wook", "uk"), "원": ("won", "won"),
    "유": ("yoo", "yu"), "윤": ("yoon", "yun"), "율": ("yul", "yul"), "은": ("eun", "eun"),
    "의": ("eui", "ui"), "인": ("in", "in"), "일": ("il", "il"), "자": ("ja", "ja"),
    "재": ("jae", "jae"), "정": ("jung", "jeong"), "종": ("jong", "jong"), "주": ("joo", "ju"),
    "준": ("joon", "jun"), "중": ("joong", "jung"), "지": ("ji", "ji"), "진": ("jin", "jin"),
    "찬": ("chan", "chan"), "채": ("chae", "chae"), "철": ("chul", "cheol"), "태": ("tae", "tae"),
    "택": ("taek", "taek"), "하": ("ha", "ha"), "한": ("han", "han"), "해": ("hae", "hae"),
    "혁": ("hyuk", "hyeok"), "현": ("hyun", "hyeon"), "형": ("hyung", "hyeong"),
    "혜": ("hye", "hye"),
    "호": ("ho", "ho"), "화": ("hwa", "hwa"), "환": ("hwan", "hwan"), "효": ("hyo", "hyo"),
    "훈": ("hoon", "hun"), "희": ("hee", "hui"), "헌": ("hun", "heon"), "웅": ("woong", "ung"),
    "국": ("kook", "guk"), "열": ("yeol", "yeol"), "람": ("ram", "ram"), "길": ("gil", "gil"),
}  # fmt: skip

# Common given names, weighted: each generation's favourites (영수, 영희 ... 서연, 지민, 하준).
COMMON_GIVEN_NAMES: list[tuple[str, int]] = [
    ("서연", 30), ("지민", 30), ("민준", 28), ("서준", 26), ("지훈", 25), ("현우", 24),
    ("지현", 24), ("민서", 22), ("하은", 20), ("도윤", 20), ("예은", 18), ("수빈", 18),
    ("유진", 22), ("지은", 22), ("민지", 20), ("은지", 18), ("수진", 18), ("혜진", 18),
    ("영수", 20), ("영희", 18), ("정숙", 12), ("순자", 10), ("영호", 14), ("성민", 16),
    ("동현", 18), ("준호", 18), ("상우", 14), ("병헌", 8), ("승룡", 2), ("강호", 6),
    ("정민", 14), ("우성", 8), ("하준", 20), ("시우", 14), ("지우", 18), ("서윤", 18),
    ("하윤", 16), ("태희", 8), ("혜수", 8), ("도연", 10), ("윤아", 8), ("소희", 10),
    ("민호", 14), ("재석", 8), ("성훈", 12), ("준기", 8), ("동원", 10), ("태현", 10),
    ("경수", 10), ("재현", 12), ("승우", 12), ("주원", 10), ("유나", 10), ("다은", 12),
    ("은비", 8), ("수아", 10), ("채원", 12), ("예린", 8), ("세영", 8), ("미숙", 8),
    ("영숙", 8), ("경희", 8), ("명숙", 6), ("철수", 8), ("광수", 6), ("상철", 6),
    ("진영", 10), ("현정", 10), ("은영", 10), ("선영", 8), ("미경", 8), ("혜원", 10),
    ("정훈", 10), ("성호", 10), ("종현", 8), ("재원", 8), ("한별", 4), ("보람", 6),
    ("슬기", 6), ("아름", 6), ("하늘", 6), ("다솜", 4), ("봄", 1), ("별", 1),
]  # fmt: skip
COMMON_NAME_SHARE = 0.35  # the rest are two syllables put together
# Syllables only the common names above use (승룡, 하늘, 아름, 다솜, 은비).
GIVEN_NAME_ONLY_SYLLABLES = {
    "룡": ("ryong", "ryong"), "늘": ("neul", "neul"), "름": ("reum", "reum"), "솜": ("som", "som"),
    "비": ("bi", "bi"),
}  # fmt: skip

FOREIGN_GIVEN_NAMES = [
    "James", "Michael", "David", "John", "Robert", "Daniel", "Thomas", "Paul", "Mark", "Peter",
    "Anna", "Maria", "Sophie", "Claire", "Emma", "Julia", "Laura", "Sarah", "Hannah", "Olivia",
    "Lucas", "Louis", "Pierre", "Jean", "Isabelle", "Camille", "Léa", "Chloé", "Hiroshi",
    "Takeshi", "Kenji", "Yuki", "Haruka", "Aoi", "Wei", "Lin", "Mei", "Chen", "Hao", "Ming",
    "Ivan", "Olga", "Nikolai", "Elena", "Carlos", "Lucía", "Diego", "Sofía", "Ahmed", "Fatima",
    "Omar", "Lars", "Ingrid", "Björn", "Zoë", "Noah", "Liam", "Ethan", "Grace"
]  # fmt: skip
FOREIGN_FAMILY_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis",
    "Walker", "Young", "Allen", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Tanaka",
    "Suzuki", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Wang", "Zhang", "Liu", "Huang",
    "Zhao", "Petrov", "Ivanova", "Müller", "Schmidt", "Fischer", "García", "Fernández", "López",
    "Martínez", "Rossi", "Russo", "Bianchi", "Andersson", "Nilsson", "Novak", "Kowalski", "Nguyen",
    "Tran", "O'Brien", "Murphy", "Kelly", "Sullivan"
]  # fmt: skip
FOREIGN_SHARE = 0.03

# --- Films ------------------------------------------------------------------------------------

# Nouns: hangul, English, and whether English puts "the" before it in a title.
NOUNS: list[tuple[str, str, bool]] = [
    ("사랑", "Love", False), ("여름", "Summer", False), ("겨울", "Winter", False),
    ("봄", "Spring", False), ("가을", "Autumn", False), ("밤", "Night", True),
    ("비밀", "Secret", True), ("도시", "City", True), ("전쟁", "War", True),
    ("기억", "Memory", True), ("소녀", "Girl", True), ("소년", "Boy", True),
    ("선물", "Gift", True), ("추억", "Memories", False), ("살인", "Murder", False),
    ("바다", "Sea", True), ("섬", "Island", True), ("바람", "Wind", True),
    ("비", "Rain", True), ("눈", "Snow", True), ("꽃", "Flower", True),
    ("별", "Star", True), ("달", "Moon", True), ("태양", "Sun", True),
    ("하늘", "Sky", True), ("강", "River", True), ("산", "Mountain", True),
    ("길", "Road", True), ("집", "House", True), ("학교", "School", True),
    ("기차", "Train", True), ("역", "Station", True), ("다리", "Bridge", True),
    ("거리", "Street", True), ("마을", "Village", True), ("왕", "King", True),
    ("왕비", "Queen", True), ("공주", "Princess", True), ("장군", "General", True),
    ("형사", "Detective", True), ("의사", "Doctor", True), ("선생님", "Teacher", True),
    ("아버지", "Father", True), ("어머니", "Mother", True), ("딸", "Daughter", True),
    ("아들", "Son", True), ("형제", "Brothers", True), ("자매", "Sisters", True),
    ("친구", "Friend", True), ("연인", "Lovers", True), ("남자", "Man", True),
    ("여자", "Woman", True), ("아이", "Child", True), ("노인", "Old Man", True),
    ("괴물", "Monster", True), ("유령", "Ghost", True), ("늑대", "Wolf", True),
    ("호랑이", "Tiger", True), ("고양이", "Cat", True), ("개", "Dog", True),
    ("새", "Bird", True), ("나비", "Butterfly", True), ("물고기", "Fish", True),
    ("편지", "Letter", True), ("사진", "Photograph", True), ("노래", "Song", True),
    ("춤", "Dance", True), ("꿈", "Dream", True), ("약속", "Promise", True),
    ("거짓말", "Lie", True), ("진실", "Truth", True), ("복수", "Revenge", False),
    ("운명", "Fate", False), ("시간", "Time", False), ("청춘", "Youth", False),
    ("인생", "Life", False), ("죽음", "Death", False), ("희망", "Hope", False),
    ("눈물", "Tears", False), ("피", "Blood", False), ("불", "Fire", True),
    ("물", "Water", True), ("그림자", "Shadow", True), ("거울", "Mirror", True),
    ("창문", "Window", True), ("문", "Door", True), ("방", "Room", True),
    ("감옥", "Prison", True), ("법정", "Court", True), ("병원", "Hospital", True),
    ("식당", "Restaurant", True), ("극장", "Theatre", True), ("시장", "Market", True),
    ("항구", "Harbour", True), ("공항", "Airport", True), ("국경", "Border", True),
    ("왕국", "Kingdom", True), ("제국", "Empire", True), ("혁명", "Revolution", True),
    ("반란", "Rebellion", True), ("탈출", "Escape", True), ("추격", "Chase", True),
    ("사건", "Case", True), ("범인", "Culprit", True), ("증인", "Witness", True),
    ("인질", "Hostage", True), ("스파이", "Spy", True), ("군대", "Army", True),
    ("영웅", "Hero", True), ("악마", "Devil", True), ("천사", "Angel", True),
    ("신", "God", False), ("여행", "Journey", True), ("귀향", "Homecoming", True),
    ("이별", "Farewell", True), ("만남", "Encounter", True), ("결혼", "Wedding", True),
    ("장례식", "Funeral", True), ("생일", "Birthday", True), ("축제", "Festival", True),
    ("새벽", "Dawn", True), ("저녁", "Evening", True), ("오후", "Afternoon", True),
    ("그날", "That Day", False), ("내일", "Tomorrow", False), ("어제", "Yesterday", False),
    ("미래", "Future", True), ("과거", "Past", True), ("침묵", "Silence", False),
    ("소리", "Sound", True), ("목소리", "Voice", True), ("향기", "Scent", True),
    ("맛", "Taste", True), ("색", "Colour", True), ("빛", "Light", True),
    ("어둠", "Darkness", True), ("불꽃", "Flame", True), ("파도", "Waves", True),
    ("폭풍", "Storm", True), ("지진", "Earthquake", True), ("홍수", "Flood", True),
    ("터널", "Tunnel", True), ("열차", "Express", True), ("택시", "Taxi", True),
    ("운전사", "Driver", True), ("가수", "Singer", True), ("배우", "Actor", True),
    ("화가", "Painter", True), ("작가", "Writer", True), ("시인", "Poet", True),
    ("요리사", "Cook", True), ("어부", "Fisherman", True), ("해녀", "Diver", True),
    ("광부", "Miner", True), ("군인", "Soldier", True), ("경찰", "Police", True),
    ("검사", "Prosecutor", True), ("변호인", "Attorney", True), ("기자", "Reporter", True),
    ("도둑", "Thief", True), ("사기꾼", "Swindler", True), ("조직", "Gang", True),
    ("보스", "Boss", True), ("가족", "Family", True), ("이웃", "Neighbours", True),
    ("손님", "Guest", True), ("낯선 사람", "Stranger", True), ("마녀", "Witch", True),
    ("기적", "Miracle", True), ("축복", "Blessing", True), ("저주", "Curse", True),
    ("전설", "Legend", True), ("신화", "Myth", True), ("왕자", "Prince", True),
]  # fmt: skip

# Adjectives and verb forms that stand before a noun (relative clauses, mostly).
MODIFIERS: list[tuple[str, str]] = [
    ("잃어버린", "Lost"), ("사라진", "Vanished"), ("마지막", "Last"), ("첫", "First"),
    ("작은", "Little"), ("큰", "Great"), ("검은", "Black"), ("하얀", "White"),
    ("붉은", "Red"), ("푸른", "Blue"), ("오래된", "Old"), ("새로운", "New"),
    ("슬픈", "Sad"), ("아름다운", "Beautiful"), ("위험한", "Dangerous"), ("이상한", "Strange"),
    ("조용한", "Quiet"), ("뜨거운", "Hot"), ("차가운", "Cold"), ("외로운", "Lonely"),
    ("행복한", "Happy"), ("나쁜", "Bad"), ("착한", "Good"), ("미친", "Mad"),
    ("숨겨진", "Hidden"), ("버려진", "Abandoned"), ("돌아온", "Returning"), ("떠나는", "Departing"),
    ("우는", "Crying"), ("웃는", "Laughing"), ("달리는", "Running"), ("잠든", "Sleeping"),
    ("깨어난", "Awakened"), ("불타는", "Burning"), ("얼어붙은", "Frozen"), ("부서진", "Broken"),
    ("빛나는", "Shining"), ("떨어진", "Fallen"), ("기다리는", "Waiting"), ("춤추는", "Dancing"),
    ("노래하는", "Singing"), ("살아남은", "Surviving"), ("죽은", "Dead"), ("살아있는", "Living"),
    ("보이지 않는", "Invisible"), ("끝나지 않은", "Unfinished"), ("잊혀진", "Forgotten"),
    ("위대한", "Great"), ("비밀스러운", "Secret"), ("수상한", "Suspicious"), ("완벽한", "Perfect"),
    ("특별한", "Special"), ("평범한", "Ordinary"), ("용감한", "Brave"), ("거친", "Wild"),
    ("야간", "Night"), ("한여름의", "Midsummer"), ("한밤의", "Midnight"), ("은밀한", "Intimate"),
    ("고요한", "Still"), ("가난한", "Poor"), ("부유한", "Rich"), ("어린", "Young"),
]  # fmt: skip

PLACES: list[tuple[str, str]] = [
    ("서울", "Seoul"), ("부산", "Busan"), ("인천", "Incheon"), ("대구", "Daegu"),
    ("광주", "Gwangju"), ("대전", "Daejeon"), ("제주", "Jeju"), ("강릉", "Gangneung"),
    ("목포", "Mokpo"), ("여수", "Yeosu"), ("경주", "Gyeongju"), ("전주", "Jeonju"),
    ("춘천", "Chuncheon"), ("통영", "Tongyeong"), ("한강", "the Han River"),
    ("남산", "Namsan"), ("명동", "Myeongdong"), ("압구정", "Apgujeong"), ("종로", "Jongno"),
    ("판문점", "Panmunjom"), ("독도", "Dokdo"), ("평양", "Pyongyang"), ("만주", "Manchuria"),
    ("도쿄", "Tokyo"), ("상하이", "Shanghai"), ("파리", "Paris"), ("뉴욕", "New York"),
]  # fmt: skip

ORDINALS = ["첫", "두", "세", "네", "다섯"], ["First", "Second", "Third", "Fourth", "Fifth"]

# English titles that are not a translation of the Korean one, as distributors choose them.
ENGLISH_ONLY_WORDS = [
    "Oldboy", "Parasite", "Burning", "Nightfall", "Runaway", "Heatwave", "Breathless", "Outlaw",
    "Undertow", "Daybreak", "Crossroads", "Afterglow", "Blindspot", "Downpour", "Firewall",
    "Homeward", "Lifeline", "Moonrise", "Outcast", "Overdrive", "Redline", "Sandstorm",
    "Shockwave", "Skyfall", "Snowblind", "Sunset", "Tailspin", "Whiteout", "Wildfire", "Aftermath",
    "Backlash", "Bloodline", "Checkpoint", "Deadlock", "Fallout", "Flashpoint", "Hideout",
    "Knockout", "Lockdown", "Manhunt", "Mayday", "Nightcrawler", "Payback", "Rampage", "Showdown",
    "Stakeout", "Standoff"
]  # fmt: skip

OCCUPATIONS: list[tuple[str, str]] = [
    ("형사", "detective"), ("교사", "teacher"), ("택시 기사", "taxi driver"), ("의사", "doctor"),
    ("기자", "reporter"), ("학생", "student"), ("검사", "prosecutor"), ("변호사", "lawyer"),
    ("군인", "soldier"), ("가수", "singer"), ("요리사", "cook"), ("작가", "novelist"),
    ("어부", "fisherman"), ("간호사", "nurse"), ("배우", "actress"), ("경찰관", "police officer"),
    ("은행원", "bank clerk"), ("사진작가", "photographer"), ("화가", "painter"),
    ("농부", "farmer"), ("목사", "pastor"), ("스님", "monk"), ("국회의원", "politician"),
    ("사업가", "businessman"), ("대학생", "university student"),
    ("고등학생", "high-school student"),
    ("해녀", "sea diver"), ("광부", "miner"), ("조직원", "gangster"), ("사기꾼", "con artist"),
]  # fmt: skip

# Relations a character name can carry: "박 형사" / "Detective Park".
CHARACTER_TITLES: list[tuple[str, str]] = [
    ("형사", "Detective"), ("반장", "Chief"), ("선생", "Teacher"), ("검사", "Prosecutor"),
    ("변호사", "Lawyer"), ("기자", "Reporter"), ("의사", "Dr."), ("사장", "Boss"),
    ("대위", "Captain"), ("중사", "Sergeant"), ("교수", "Professor"), ("실장", "Manager"),
]  # fmt: skip
CHARACTER_ROLES: list[tuple[str, str]] = [
    ("엄마", "Mother"), ("아빠", "Father"), ("할머니", "Grandmother"), ("할아버지", "Grandfather"),
    ("소녀", "Girl"), ("소년", "Boy"), ("경찰", "Police officer"), ("택시 기사", "Taxi driver"),
    ("간호사", "Nurse"), ("주인", "Landlord"), ("노인", "Old man"), ("남자", "Man"),
    ("여자", "Woman"), ("학생", "Student"), ("손님", "Customer"), ("이웃", "Neighbour"),
]  # fmt: skip

CERTIFICATES = ["all", "12", "15", "18", ""]
CERTIFICATE_WEIGHTS = [15, 30, 35, 12, 8]
COUNTRY_SETS = ["KR"] * 18 + ["KR,US", "KR,JP", "KR,CN", "KR,FR"]
GENRE_COUNT_WEIGHTS = [45, 40, 15]  # one, two or three genres
FOREIGN_TITLE_SHARE = 0.02  # films with an English title only
DIFFERENT_ENGLISH_SHARE = 0.12  # films whose English title is not the Korean one translated
ROMANISED_SHARE = 0.8  # films that carry their romanised title
SEQUEL_SHARE = 0.04

CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
STOP_WORDS = {"a", "an", "and", "the", "of", "in", "to", "on", "at", "for", "is", "no"}


@dataclass(frozen=True)
class CatalogueSize:
    films: int
    people: int


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    # The film or person the query was drawn from, as film_key() or person_key() names it,
    # when the query points at one; prefixes and word picks point at none.
    expects: str = ""


def film_key(title: str, original_title: str) -> str:
    """Films are told apart by their titles: of ninety films called the same, any will do."""
    return f"film:{title}|{original_title}"


def person_key(name: str, name_ko: str) -> str:
    """A person by both names, or (name empty) by the hangul name alone."""
    return f"person:{name}|{name_ko}"


def seeded(seed: int, part: str) -> random.Random:
    """A generator of its own for each part, so that more people leave the films unchanged."""
    return random.Random(f"{seed}-{part}")  # noqa: S311 - reproducible data, not secrets


# --- Hangul helpers ---------------------------------------------------------------------------


def has_final_consonant(word: str) -> bool:
    """Whether the last syllable ends in a consonant (받침), which picks 은/는, 이/가, 을/를 ..."""
    last = word.rstrip()[-1:] or "가"
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last in "0136789lmnLMN"  # read aloud: 영, 일, 삼, 육 ... end in a consonant


def particle(word: str, after_consonant: str, after_vowel: str) -> str:
    return word + (after_consonant if has_final_consonant(word) else after_vowel)


def particle_towards(word: str) -> str:
    """으로 after a consonant but ㄹ, 로 otherwise: 서울로, 부산으로, 형사로."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 == 8:  # final ㄹ
        return word + "로"
    return particle(word, "으로", "로")


def initial_consonants(text: str) -> str:
    """초성: each hangul syllable by its first consonant ("7번방의 선물" -> "7ㅂㅂㅇㅅㅁ"),
    other letters kept and spaces dropped; search.text.initial_consonants when it exists."""
    try:
        from search.text import initial_consonants as engine_initial_consonants
    except ImportError:
        pass
    else:
        return engine_initial_consonants(text)
    out = []
    for character in text:
        if "가" <= character <= "힣":
            out.append(CHOSEONG[(ord(character) - 0xAC00) // 588])
        elif not character.isspace():
            out.append(character)
    return "".join(out)


# --- Names ------------------------------------------------------------------------------------


class NameMaker:
    """Korean names by surname frequency, with the Latin spelling a credit would carry."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = [(hangul, latin) for hangul, latin, _ in SURNAMES]
        self.surname_weights = list(_cumulative([share for *_, share in SURNAMES]))
        self.common = [name for name, _ in COMMON_GIVEN_NAMES]
        self.common_weights = list(_cumulative([weight for _, weight in COMMON_GIVEN_NAMES]))
        self.syllables = list(SYLLABLES)
        self.spellings = SYLLABLES | GIVEN_NAME_ONLY_SYLLABLES

    def surname(self) -> tuple[str, str]:
        return self.rng.choices(self.surnames, cum_weights=self.surname_weights)[0]

    def given_name(self) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < COMMON_NAME_SHARE:
            hangul = rng.choices(self.common, cum_weights=self.common_weights)[0]
        else:
            hangul = rng.choice(self.syllables) + rng.choice(self.syllables)
        # One in five spells the name in Revised Romanization (Byeong-heon, not Byung-hun).
        revised = rng.random() < 0.2
        parts = [self.spellings[syllable][1 if revised else 0] for syllable in hangul]
        style = rng.random()
        if len(parts) == 1:
            latin = parts[0].capitalize()
        elif style < 0.9:
            latin = parts[0].capitalize() + "-" + "-".join(parts[1:])  # Seo-yeon
        elif style < 0.96:
            latin = "".join(parts).capitalize()  # Seoyeon
        else:
            latin = " ".join(part.capitalize() for part in parts)  # Joon Ho
        return hangul, latin

    def person(self) -> tuple[str, str]:
        """(Latin name, hangul name): "Kim Seo-yeon", "김서연"."""
        surname_hangul, surname_latin = self.surname()
        given_hangul, given_latin = self.given_name()
        return f"{surname_latin} {given_latin}", surname_hangul + given_hangul

    def foreigner(self) -> str:
        return f"{self.rng.choice(FOREIGN_GIVEN_NAMES)} {self.rng.choice(FOREIGN_FAMILY_NAMES)}"

    def character(self) -> tuple[str, str]:
        """(character, character_ko): a full name, a given name, "Detective Park" or "Mother"."""
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:
            given_hangul, given_latin = self.given_name()
            return given_latin, given_hangul
        if kind < 0.75:
            latin, hangul = self.person()
            return latin, hangul
        if kind < 0.9:
            surname_hangul, surname_latin = self.surname()
            title_hangul, title_latin = rng.choice(CHARACTER_TITLES)
            return f"{title_latin} {surname_latin}", f"{surname_hangul} {title_hangul}"
        role_hangul, role_latin = rng.choice(CHARACTER_ROLES)
        return role_latin, role_hangul


def _cumulative(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


# --- Titles and texts -------------------------------------------------------------------------


def _the(english: str, takes_article: bool) -> str:
    return f"the {english}" if takes_article else english


def _title_case(english: str) -> str:
    """Capitals but for the small words inside a title: "The Gift in Cell No. 7"."""
    words = english.split(" ")
    return " ".join(
        word
        if index and word in STOP_WORDS and not words[index - 1].endswith(":")
        else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


class TitleMaker:
    """A hangul title and its English counterpart, from the word lists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pair(self) -> tuple[str, str]:
        rng = self.rng
        noun, noun_en, noun_article = rng.choice(NOUNS)
        other, other_en, other_article = rng.choice(NOUNS)
        modifier, modifier_en = rng.choice(MODIFIERS)
        shape = rng.random()
        if shape < 0.04:
            korean, english = noun, _the(noun_en, noun_article)
        elif shape < 0.20:
            korean, english = f"{modifier} {noun}", _the(f"{modifier_en} {noun_en}", noun_article)
        elif shape < 0.32:
            modifier_two, modifier_two_en = rng.choice(MODIFIERS)
            korean = f"{modifier} {other}의 {modifier_two} {noun}"
            english = f"The {modifier_two_en} {noun_en} of the {modifier_en} {other_en}"
        elif shape < 0.52:
            korean = f"{other}의 {noun}"
            english = f"{_the(noun_en, noun_article)} of {_the(other_en, other_article)}"
        elif shape < 0.60:
            place, place_en = rng.choice(PLACES)
            korean, english = f"{place}의 {noun}", f"{_the(noun_en, noun_article)} in {place_en}"
        elif shape < 0.68:
            korean = f"{particle(noun, '과', '와')} {other}"
            english = f"{noun_en} and {other_en}"
        elif shape < 0.78:
            korean = f"{modifier} {other}의 {noun}"
            english = f"{_the(noun_en, noun_article)} of the {modifier_en} {other_en}"
        elif shape < 0.83:
            number = rng.choice([1, 2, 3, 4, 5, 7, 7, 8, 9, 10, 13, 21, 99, 108])
            korean, english = (
                f"{number}번방의 {noun}",
                f"{_title_case(noun_en)} in Cell No. {number}",
            )
        elif shape < 0.86:
            number = rng.choice([3, 7, 10, 30, 49, 100, 365])
            korean, english = f"{number}일의 {noun}", f"{number} Days of {noun_en}"
        elif shape < 0.89:
            year = rng.randrange(1950, 2021)
            season, season_en, _ = rng.choice(NOUNS[1:5])
            korean, english = f"{year}년 {season}", f"{season_en} of {year}"
        elif shape < 0.92:
            korean, english = f"{particle(noun, '을', '를')} 찾아서", f"In Search of {noun_en}"
        elif shape < 0.95:
            korean, english = f"{noun} 속으로", f"Into {_the(noun_en, noun_article)}"
        elif shape < 0.97:
            index = rng.randrange(len(ORDINALS[0]))
            korean = f"{ORDINALS[0][index]} 번째 {noun}"
            english = f"The {ORDINALS[1][index]} {noun_en}"
        else:
            korean = f"{particle(noun, '이', '가')} 온다"
            english = f"{_the(noun_en, noun_article)} Is Coming"
        if rng.random() < SEQUEL_SHARE:
            number = rng.choice([2, 2, 2, 3, 3, 4])
            korean, english = f"{korean} {number}", f"{english} {number}"
        return korean, _title_case(english)

    def english_only(self) -> str:
        """A distributor's title: a word alone now and then, mostly with more to it."""
        rng = self.rng
        word = rng.choice(ENGLISH_ONLY_WORDS)
        shape = rng.random()
        if shape < 0.08:
            return word
        if shape < 0.35:
            return f"{rng.choice(MODIFIERS)[1]} {word}"
        if shape < 0.5:
            return f"{word} in {rng.choice(PLACES)[1]}"
        _, noun_en, noun_article = rng.choice(NOUNS)
        modifier_en = rng.choice(MODIFIERS)[1]
        return _title_case(f"{word}: {_the(f'{modifier_en} {noun_en}', noun_article)}")


class TextMaker:
    """Synopses (~200 characters) and plots (~600) in English and Korean from sentence templates."""

    ENGLISH = [
        "{name}, a {job} in {place}, stumbles upon {noun} that no one was meant to find.",
        "Years after leaving {place}, {name} returns home to settle an old debt with {other}.",
        "When {other} disappears without a word, {name} follows a trail of {thing} across {place}.",
        "A {modifier} {job} and a stranger named {other} share one long night in {place}.",
        "In {year}, {name} takes a job in {place} and discovers what the town has hidden.",
        "{name} and {other} were inseparable until {noun} came between them.",
        "Nobody believes {name} about {noun}, least of all {other}, the {job} next door.",
        "As the summer ends, {name} must choose between {other} and the {thing} of a lifetime.",
        "Every evening {name} waits at the station in {place} for a train that never comes.",
        "A {job} with nothing left to lose agrees to one last favour for {other}.",
        "{other} keeps a {modifier} secret, and {name} is the only one who can keep it safe.",
        "The truth about {noun} comes out slowly, one confession at a time.",
    ]
    KOREAN = [
        "{place_ko}에서 {job_as} 일하는 {name_ko}, 우연히 {noun_ko}의 비밀을 알게 된다.",
        "{place_object} 떠난 지 십 년, {name_topic} {other_with} 약속을 지키려 돌아온다.",
        "{other_subject} 사라진 날, {name_topic} {thing_ko}의 흔적을 따라 {place_towards} 향한다.",
        "{modifier_ko} {job_and} 낯선 사람 {other_ko}, 두 사람의 길고 긴 하룻밤이 시작된다.",
        "{year}년, {name_topic} {place_ko}의 작은 마을에서 모두가 숨겨 온 진실과 마주한다.",
        "둘도 없는 친구였던 {name_and} {other_ko} 사이에 {noun_subject} 끼어든다.",
        "아무도 {name_ko}의 말을 믿지 않는다. 옆집 {job_ko} {other_ko}조차도.",
        "여름이 끝나갈 무렵, {name_topic} {other_and} {thing_ko} 사이에서 선택해야 한다.",
        "매일 저녁 {name_topic} {place_ko}역에서 오지 않는 기차를 기다린다.",
        "더 잃을 것이 없는 {job_ko} {name_ko}, {other_ko}의 마지막 부탁을 받아들인다.",
        "{other_ko}에게는 {modifier_ko} 비밀이 있고, 그것을 지킬 사람은 {name_ko}뿐이다.",
        "{noun_ko}에 대한 진실이 하나씩 드러나기 시작한다.",
    ]

    def __init__(self, rng: random.Random, names: NameMaker) -> None:
        self.rng = rng
        self.names = names

    def texts(self) -> tuple[str, str, str, str]:
        """(synopsis, synopsis_ko, plot, plot_ko)."""
        words = self._words()
        synopsis = self._compose(self.ENGLISH, words, 170, 600)
        synopsis_ko = self._compose(self.KOREAN, words, 110, 600)
        plot = self._compose(self.ENGLISH, words, 560, 1200)
        plot_ko = self._compose(self.KOREAN, words, 330, 1200)
        return synopsis, synopsis_ko, plot, plot_ko

    def _words(self) -> dict[str, str]:
        rng = self.rng
        name_ko, name = self.names.given_name()
        other_ko, other = self.names.given_name()
        job_ko, job = rng.choice(OCCUPATIONS)
        place_ko, place = rng.choice(PLACES)
        noun_ko, noun, article = rng.choice(NOUNS)
        thing_ko, thing, _ = rng.choice(NOUNS)
        modifier_ko, modifier = rng.choice(MODIFIERS)
        return {
            "name": name,
            "name_ko": name_ko,
            "name_topic": particle(name_ko, "은", "는"),
            "name_and": particle(name_ko, "과", "와"),
            "other": other,
            "other_ko": other_ko,
            "other_subject": particle(other_ko, "이", "가"),
            "other_and": particle(other_ko, "과", "와"),
            "other_with": particle(other_ko, "과의", "와의"),
            "job": job,
            "job_ko": job_ko,
            "job_as": particle_towards(job_ko),
            "job_and": particle(job_ko, "과", "와"),
            "place": place,
            "place_ko": place_ko,
            "place_object": particle(place_ko, "을", "를"),
            "place_towards": particle_towards(place_ko),
            "noun": _the(noun.lower(), article),
            "noun_ko": noun_ko,
            "noun_subject": particle(noun_ko, "이", "가"),
            "thing": thing.lower(),
            "thing_ko": thing_ko,
            "modifier": modifier.lower(),
            "modifier_ko": modifier_ko,
            "year": str(rng.randrange(1950, 2024)),
        }

    def _compose(self, templates: list[str], words: dict[str, str], length: int, most: int) -> str:
        """Sentences in a random order until the text is `length` long, never over `most`."""
        sentences: list[str] = []
        size = 0
        for template in self.rng.sample(templates, len(templates)):
            sentence = template.format(**words)
            if size and size + len(sentence) > most:
                break
            sentences.append(sentence)
            size += len(sentence) + 1
            if size >= length:
                break
        return " ".join(sentences)


# --- Writing the catalogue --------------------------------------------------------------------


def film_has_field(name: str) -> bool:
    return any(field.name == name for field in Film._meta.get_fields())


def catalogue_size() -> CatalogueSize:
    return CatalogueSize(films=Film.objects.count(), people=Person.objects.count())


def ensure_genres() -> list[Genre]:
    """The genres the database has, or the demo catalogue's fifteen when it has none."""
    if not Genre.objects.exists():
        entries = json.loads(GENRES_FILE.read_text(encoding="utf-8"))["genres"]
        Genre.objects.bulk_create(
            [
                Genre(slug=item["slug"], name=item["name"], name_ko=item["name_ko"])
                for item in entries
            ]
        )
    return list(Genre.objects.order_by("slug"))


def _unique(slug: str, taken: Counter[str]) -> str:
    taken[slug] += 1
    return slug if taken[slug] == 1 else f"{slug}-{taken[slug]}"


def _batches(total: int, size: int = BATCH_SIZE) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


@transaction.atomic
def generate(size: CatalogueSize, seed: int = SEED, progress: Progress | None = None) -> None:
    """Write `size.people` people and `size.films` films with genres, credits and a few
    alternative titles, in one transaction; the catalogue is expected to be empty."""
    progress = progress or (lambda stage, done, total: None)
    person_ids = _generate_people(size.people, seeded(seed, "people"), progress)
    _generate_films(size.films, person_ids, seeded(seed, "films"), progress)


def _generate_people(total: int, rng: random.Random, progress: Progress) -> list[int]:
    names = NameMaker(rng)
    slugs: Counter[str] = Counter()
    ids: list[int] = []
    first_birthday = date(1900, 1, 1)
    for batch in _batches(total):
        people = []
        for _ in batch:
            if rng.random() < FOREIGN_SHARE:
                name, name_ko = names.foreigner(), ""
            else:
                name, name_ko = names.person()
            birth_date = None
            if rng.random() < 0.6:
                birth_date = first_birthday + timedelta(days=rng.randrange(105 * 365))
            people.append(
                Person(
                    name=name,
                    name_ko=name_ko,
                    slug=_unique(slugify(name) or "person", slugs),
                    birth_date=birth_date,
                )
            )
        ids.extend(person.pk for person in Person.objects.bulk_create(people))
        progress("people", len(ids), total)
    return ids


def _generate_films(
    total: int, person_ids: list[int], rng: random.Random, progress: Progress
) -> None:
    names = NameMaker(rng)
    titles = TitleMaker(rng)
    texts = TextMaker(rng, names)
    genres = ensure_genres()
    genre_weights = [3 if genre.slug in {"drama", "thriller", "romance"} else 1 for genre in genres]
    with_popularity = film_has_field("popularity")
    through = Film.genres.through
    slugs: Counter[str] = Counter()
    # Directors come from a pool of one person in forty; casts lean towards the first people
    # of the rest (u² puts a tenth of all parts on the first 1%), as fame does.
    directors = person_ids[: max(1, len(person_ids) // 40)]
    actors = person_ids[len(directors) :] or person_ids
    done = 0
    for batch in _batches(total):
        films = []
        for _ in batch:
            films.append(_film(rng, titles, texts, slugs, with_popularity))
        Film.objects.bulk_create(films)
        film_genres, credits, alternatives = [], [], []
        for film in films:
            chosen = set(rng.choices(genres, weights=genre_weights, k=_genre_count(rng)))
            film_genres.extend(through(film_id=film.pk, genre_id=genre.pk) for genre in chosen)
            credits.extend(_credits(rng, names, film, directors, actors))
            alternatives.extend(_alternative_titles(rng, titles, film))
        through.objects.bulk_create(film_genres, batch_size=BATCH_SIZE)
        Credit.objects.bulk_create(credits, batch_size=BATCH_SIZE)
        AlternativeTitle.objects.bulk_create(alternatives, batch_size=BATCH_SIZE)
        done += len(films)
        progress("films", done, total)


def _genre_count(rng: random.Random) -> int:
    return rng.choices([1, 2, 3], weights=GENRE_COUNT_WEIGHTS)[0]


def _film(
    rng: random.Random,
    titles: TitleMaker,
    texts: TextMaker,
    slugs: Counter[str],
    with_popularity: bool,
) -> Film:
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    if rng.random() < FOREIGN_TITLE_SHARE:
        original_title, title = "", titles.english_only()
    else:
        original_title, title = titles.pair()
        if rng.random() < DIFFERENT_ENGLISH_SHARE:
            title = titles.english_only()
    romanised_title = ""
    if original_title and rng.random() < ROMANISED_SHARE:
        romanised_title = romanise(original_title)[:200]
    release_date = None
    if rng.random() < 0.7:
        release_date = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    synopsis, synopsis_ko, plot, plot_ko = texts.texts()
    base = slugify(title) or slugify(romanised_title) or "film"
    film = Film(
        title=title,
        original_title=original_title,
        romanised_title=romanised_title,
        slug=_unique(f"{base[:120]}-{year}", slugs),
        year=year,
        release_date=release_date,
        runtime=max(70, min(180, round(rng.gauss(108, 18)))),
        countries=rng.choice(COUNTRY_SETS),
        languages="ko",
        certificate=rng.choices(CERTIFICATES, weights=CERTIFICATE_WEIGHTS)[0],
        synopsis=synopsis,
        synopsis_ko=synopsis_ko,
        plot=plot,
        plot_ko=plot_ko,
        published=True,
    )
    if with_popularity:
        # Long-tailed like page views: the median film ~55, one in a thousand above ~7,000.
        film.popularity = round(rng.lognormvariate(4.0, 1.6))
    return film


def _credits(
    rng: random.Random,
    names: NameMaker,
    film: Film,
    directors: list[int],
    actors: list[int],
) -> list[Credit]:
    director = directors[int(len(directors) * rng.random() ** 1.5)]
    credits = [Credit(film_id=film.pk, person_id=director, role=Credit.Role.DIRECTOR, order=0)]
    cast: set[int] = {director}
    for order in range(1, rng.randint(3, 8) + 1):
        person = actors[int(len(actors) * rng.random() ** 2)]
        if person in cast:
            continue
        cast.add(person)
        character, character_ko = names.character()
        credits.append(
            Credit(
                film_id=film.pk,
                person_id=person,
                role=Credit.Role.CAST,
                character=character,
                character_ko=character_ko,
                order=order,
            )
        )
    return credits


def _alternative_titles(
    rng: random.Random, titles: TitleMaker, film: Film
) -> list[AlternativeTitle]:
    """An international title for one film in ten; a working title for one in fifty."""
    alternatives = []
    if rng.random() < 0.1:
        international = titles.english_only()
        if international != film.title:
            alternatives.append(
                AlternativeTitle(
                    film_id=film.pk,
                    title=international,
                    language="en",
                    kind=AlternativeTitle.Kind.INTERNATIONAL,
                )
            )
    if film.original_title and rng.random() < 0.02:
        working, _ = titles.pair()
        if working != film.original_title:
            alternatives.append(
                AlternativeTitle(
                    film_id=film.pk,
                    title=working,
                    language="ko",
                    kind=AlternativeTitle.Kind.WORKING,
                )
            )
    return alternatives


# --- The query mix ----------------------------------------------------------------------------

# How many of each kind of query in a mix of 1,000 (scaled for other sizes).
QUERY_MIX: dict[str, int] = {
    "english title": 120,
    "english words": 100,
    "hangul title": 120,
    "hangul prefix": 100,
    "romanised": 70,
    "romanised unspaced": 50,
    "typo": 100,
    "person latin": 100,
    "person hangul": 80,
    "initial consonants": 60,
    "short prefix": 100,
}
# Queries as visitors of film sites type them (issue 14), 50 of each, drawn after the mix
# above with a generator of their own so that the mix above stays as it was.
UNDERSTANDING_MIX: dict[str, int] = {
    "wish words": 50,
    "title + year": 50,
    "title + person": 50,
    "spacing variant": 50,
    "surname": 50,
}
ENGLISH_WISHES = ["full movie", "movie", "eng sub", "trailer", "watch online", "full movie eng sub"]
KOREAN_WISHES = ["다시보기", "영화", "자막", "예고편", "풀버전", "영화 다시보기"]
TYPO_MIN_LETTERS = 6
KEYBOARD_NEIGHBOURS = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}  # fmt: skip


def query_mix(total: int = 1000, seed: int = SEED) -> list[Query]:
    """`total` queries of the kinds in QUERY_MIX, drawn from the catalogue in the database,
    shuffled; the same catalogue and seed give the same queries."""
    rng = seeded(seed, "queries")
    films = list(
        Film.objects.published()
        .order_by("pk")
        .values_list("title", "original_title", "romanised_title")
    )
    people = list(Person.objects.order_by("pk").values_list("name", "name_ko"))
    korean_films = [film for film in films if film[1]]
    korean_people = [person for person in people if person[1]]
    scale = total / sum(QUERY_MIX.values())
    counts = {kind: round(count * scale) for kind, count in QUERY_MIX.items()}
    counts["short prefix"] += total - sum(counts.values())

    pools = _Pools(films, korean_films, people, korean_people)
    return _drawn(counts, rng, lambda kind: _draw(kind, rng, pools))


def understanding_mix(seed: int = SEED) -> list[Query]:
    """UNDERSTANDING_MIX's queries: a title with wish words, with its year, with its director
    or a lead; a hangul title spaced otherwise; a surname (expecting its best-known bearer)."""
    rng = seeded(seed, "understood queries")
    films = list(
        Film.objects.published().order_by("pk").values_list("pk", "title", "original_title", "year")
    )
    return _drawn(UNDERSTANDING_MIX, rng, lambda kind: _draw_understood(kind, rng, films))


def _drawn(
    counts: dict[str, int], rng: random.Random, draw: Callable[[str], Query | None]
) -> list[Query]:
    """`count` queries of each kind (draw gives None when what it drew cannot make one; it
    gives up after fifty tries a query), shuffled."""
    queries: list[Query] = []
    for kind, count in counts.items():
        made = 0
        for _ in range(count * 50):
            if made == count:
                break
            if query := draw(kind):
                queries.append(query)
                made += 1
    rng.shuffle(queries)
    return queries


def _draw_understood(kind: str, rng: random.Random, films: list[tuple]) -> Query | None:
    pk, title, original_title, year = rng.choice(films)
    expects = film_key(title, original_title)
    hangul = bool(original_title) and rng.random() < 0.5
    named = original_title if hangul else title.lower()
    if kind == "wish words":
        wish = rng.choice(KOREAN_WISHES if hangul else ENGLISH_WISHES)
        return Query(kind, f"{named} {wish}", expects)
    if kind == "title + year":
        return Query(kind, f"{named} {year}", expects)
    if kind == "title + person":
        credit = (
            Credit.objects.filter(film_id=pk, role__in=["director", "cast"])
            .order_by("order", "pk")
            .values_list("person__name", "person__name_ko")
            .first()
        )
        if credit is None:
            return None
        person = credit[1] if hangul and credit[1] else credit[0].lower()
        parts = [named, person] if rng.random() < 0.7 else [person, named]
        return Query(kind, " ".join(parts), expects)
    if kind == "spacing variant":
        if not original_title:
            return None
        if " " in original_title:
            return Query(kind, original_title.replace(" ", ""), expects)
        if len(original_title) < 4:
            return None
        cut = rng.randrange(2, len(original_title) - 1)
        return Query(kind, f"{original_title[:cut]} {original_title[cut:]}", expects)
    if kind == "surname":
        return _surname(rng)
    raise ValueError(f"no such kind of query: {kind}")


_BEST_KNOWN: dict[str, tuple[str, str] | None] = {}


def _surname(rng: random.Random) -> Query | None:
    """A Latin surname of four letters or more, expecting the best-known person with it."""
    surname = rng.choice([latin for _ko, latin, _share in SURNAMES if len(latin) >= 4])
    if surname not in _BEST_KNOWN:
        from search.models import Kind, SearchEntry

        best = (
            SearchEntry.objects.filter(kind=Kind.PERSON, title_en__startswith=f"{surname.lower()} ")
            .order_by("-popularity", "pk")
            .values_list("person__name", "person__name_ko")
            .first()
        )
        _BEST_KNOWN[surname] = best
    if (best := _BEST_KNOWN[surname]) is None:
        return None
    return Query("surname", surname.lower(), person_key(*best))


@dataclass(frozen=True)
class _Pools:
    films: list[tuple[str, str, str]]  # title, original_title, romanised_title
    korean_films: list[tuple[str, str, str]]
    people: list[tuple[str, str]]  # name, name_ko
    korean_people: list[tuple[str, str]]


def _draw(kind: str, rng: random.Random, pools: _Pools) -> Query | None:
    """One query of this kind, or None when the film or person drawn cannot give one."""
    title, original_title, _ = rng.choice(pools.korean_films if "hangul" in kind else pools.films)
    if kind in {"romanised", "romanised unspaced", "initial consonants"}:
        title, original_title, _ = rng.choice(pools.korean_films)
    expects = film_key(title, original_title)
    if kind == "english title":
        text = title
    elif kind == "english words":
        text, expects = _two_words(rng, title), ""
    elif kind == "hangul title":
        text = original_title
    elif kind == "hangul prefix":
        text, expects = _hangul_prefix(rng, original_title), ""
    elif kind == "romanised":
        text = romanise(original_title).lower()
    elif kind == "romanised unspaced":
        text = romanise(original_title).lower().replace(" ", "")
    elif kind == "typo":
        text = _typo(rng, title)
        if text and " " not in text:
            expects = ""  # one misspelt word is in many titles
    elif kind == "initial consonants":
        text = initial_consonants(original_title)
    elif kind == "short prefix":
        text, expects = _short_prefix(rng, title, original_title), ""
    elif kind == "person latin":
        name, name_ko = rng.choice(pools.people)
        text, expects = _person_latin(rng, name), person_key(name, name_ko)
    elif kind == "person hangul":
        name, name_ko = rng.choice(pools.korean_people)
        text, expects = name_ko, person_key("", name_ko)  # whatever their Latin spelling
    else:
        raise ValueError(f"no such kind of query: {kind}")
    return Query(kind, text, expects) if text else None


def _two_words(rng: random.Random, title: str) -> str | None:
    """Two neighbouring words of a title, lower-case: "miracle cell"-style picks."""
    words = [word for word in re.findall(r"[\w']+", title.lower()) if word not in STOP_WORDS]
    if len(words) < 2:
        return None
    start = rng.randrange(len(words) - 1)
    return f"{words[start]} {words[start + 1]}"


def _hangul_prefix(rng: random.Random, title: str) -> str | None:
    """The first two to four characters of a hangul title, like "7번방" of "7번방의 선물"."""
    compact = title.strip()
    if len(compact) < 3:
        return None
    return compact[: rng.randint(2, min(4, len(compact) - 1))].strip()


def _typo(rng: random.Random, title: str) -> str | None:
    """One edit (swap, drop, double or replace a letter) in a word of six letters or more;
    half the time the whole title, half the time the word alone, lower-case."""
    words = title.split()
    long_words = [index for index, word in enumerate(words) if len(word) >= TYPO_MIN_LETTERS]
    if not long_words:
        return None
    index = rng.choice(long_words)
    word = words[index].lower()
    position = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["swap", "drop", "double", "replace"])
    if edit == "swap":
        typo = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    elif edit == "drop":
        typo = word[:position] + word[position + 1 :]
    elif edit == "double":
        typo = word[:position] + word[position] + word[position:]
    else:
        neighbours = KEYBOARD_NEIGHBOURS.get(word[position], "aeiou")
        typo = word[:position] + rng.choice(neighbours) + word[position + 1 :]
    if typo == word:
        return None
    if rng.random() < 0.5:
        return typo
    words[index] = typo
    return " ".join(words).lower()


def _person_latin(rng: random.Random, name: str) -> str:
    """The name as credited, lower-case, or family name last ("seo-yeon kim") now and then."""
    if rng.random() < 0.2 and " " in name:
        family, given = name.split(" ", 1)
        name = f"{given} {family}"
    return name.lower() if rng.random() < 0.6 else name


def _short_prefix(rng: random.Random, title: str, original_title: str) -> str | None:
    """What autocomplete sees after one or two keystrokes, in either script."""
    text = original_title if original_title and rng.random() < 0.5 else title.lower()
    text = text.removeprefix("the ")
    letters = rng.choice([1, 2, 2])
    prefix = text[:letters].strip()
    return prefix or None


def describe_mix(queries: list[Query]) -> str:
    counts = Counter(query.kind for query in queries)
    examples: dict[str, list[str]] = {}
    for query in queries:
        examples.setdefault(query.kind, [])
        if len(examples[query.kind]) < 3:
            examples[query.kind].append(query.text)
    lines = [
        f"  {kind:<20} {counts[kind]:>5}   e.g. " + " | ".join(examples.get(kind, []))
        for kind in [*QUERY_MIX, *UNDERSTANDING_MIX]
    ]
    return "\n".join(lines)


class ProgressPrinter:
    """A `Progress` callable: one line per stage rewritten in place on a terminal, a line per
    tenth of the way otherwise (a log, `make` output), with the rate so far."""

    def __init__(self) -> None:
        self.stage = ""
        self.started = 0.0
        self.shown = -1
        self.terminal = sys.stdout.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.stage, self.started, self.shown = stage, time.perf_counter(), -1
        tenth = 10 * done // max(total, 1)
        if not self.terminal and (tenth == self.shown or not done):
            return
        self.shown = tenth
        elapsed = time.perf_counter() - self.started
        rate = f" ({done / elapsed:,.0f}/s)" if done and elapsed > 0.5 else ""
        end = "\n" if done >= total or not self.terminal else "\r"
        print(f"  {stage}: {done:,}/{total:,}{rate}", end=end, flush=True)
