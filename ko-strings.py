"""Korean for the msgids the admin-day branch adds or changes (applied with
scripts/apply-translations ko-strings.py by whoever merges the translations)."""

KO = {
    # Credits: a new person typed in the row
    "or a new person": "또는 새 인물",
    "Not in the catalogue yet? Their name in Latin letters, family name first.": (
        "아직 등록되지 않은 인물이면 로마자 이름을 성부터 입력하세요."
    ),
    "new person in hangul": "새 인물 한글 이름",
    "Choose a person or type a new one's name, not both.": (
        "인물을 선택하거나 새 이름을 입력하세요. 둘 다 할 수는 없습니다."
    ),
    "Type the new person's name in Latin letters too.": "새 인물의 로마자 이름도 입력하세요.",
    "Choose a person, or type a new person's name.": (
        "인물을 선택하거나 새 인물의 이름을 입력하세요."
    ),
    # Countries
    "Canada": "캐나다",
    "Australia": "호주",
    "Italy": "이탈리아",
    "Spain": "스페인",
    "India": "인도",
    "Russia": "러시아",
    "Singapore": "싱가포르",
    "Indonesia": "인도네시아",
    "Philippines": "필리핀",
    "Malaysia": "말레이시아",
    "Mongolia": "몽골",
    "Kazakhstan": "카자흐스탄",
    "Uzbekistan": "우즈베키스탄",
    "New Zealand": "뉴질랜드",
    # Languages Django does not name in Korean
    "Chinese": "중국어",
    "Cantonese": "광둥어",
    "Norwegian": "노르웨이어",
    "Norwegian Bokmål": "노르웨이어(보크몰)",
    # The admin's index: what waits for staff
    "Waiting for staff": "처리 대기 중",
    "Comments to moderate": "검토할 댓글",
    "Open problem reports": "처리 전 문제 신고",
    "Takedown notices awaiting a decision": "결정을 기다리는 게시 중단 요청",
    "Sources flagged by repeated reports": "신고가 거듭된 영상",
    "Sources that no longer play": "더 이상 재생되지 않는 영상",
    # Video sources list and filters
    "health check": "재생 점검",
    "No longer plays": "재생 안 됨",
    "shown to visitors": "공개 여부",
    "Hidden by a takedown": "게시 중단으로 숨김",
    "Switched off": "사용 중지",
    "Shown": "공개 중",
    # Takedown notice page
    "decision": "결정",
    "Decision": "결정",
    "Awaiting a decision": "결정 대기",
    "when": "일시",
    "hidden:": "숨김:",
    "shown again:": "다시 공개:",
    "Notice confirmed: its sources stay hidden.": "요청을 확정했습니다. 영상은 계속 숨겨집니다.",
    "Notice rejected: its sources are shown again.": "요청을 거절했습니다. 영상이 다시 공개됩니다.",
    "The sources are shown again after the counter-notice.": (
        "반론 통지에 따라 영상이 다시 공개됩니다."
    ),
    "This decision is not open to a notice that is “%(status)s”.": (
        "“%(status)s” 상태의 요청에는 이 결정을 내릴 수 없습니다."
    ),
    "Times are in the site's time zone, %(zone)s.": "시각은 사이트 시간대(%(zone)s) 기준입니다.",
    "The decision note above is saved with the decision and written to the audit trail.": (
        "위의 결정 메모는 결정과 함께 저장되고 처리 기록에 남습니다."
    ),
    # Comment admin labels
    "in reply to": "답글 대상",
    # Existing entries whose Korean was wrong (the admin showed them so)
    "subtitle languages": "자막 언어",
    "Who published the video.": "영상을 게시한 사람 또는 채널.",
}

PLURALS = {
    "%(count)d notice was left as it was: the decision is not open to it.": [
        "요청 %(count)d건은 이 결정을 내릴 수 없어 그대로 두었습니다."
    ],
}
