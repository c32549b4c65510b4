"""Korean for the strings the shield's firewall adds (issue #13): scripts/apply-translations
ko-strings.py after `make messages`."""

KO = {
    # shield/models.py
    "allow": "허용",
    "block": "차단",
    "address or range": "주소 또는 범위",
    "user agent contains": "사용자 에이전트에 포함된 문자열",
    "action": "조치",
    "kind": "종류",
    "value": "값",
    "An address (203.0.113.7), a range (203.0.113.0/24, 2001:db8::/48) or a text.": (
        "주소(203.0.113.7), 주소 범위(203.0.113.0/24, 2001:db8::/48) 또는 문자열."
    ),
    "reason": "사유",
    "expires": "만료",
    "Empty: until removed.": "비워 두면 삭제할 때까지 유지됩니다.",
    "created": "생성",
    "created by": "생성한 사람",
    "allow or block list entry": "허용·차단 목록 항목",
    "allow and block lists": "허용·차단 목록",
    "source": "출처",
    "repeat": "반복 횟수",
    "started": "시작",
    "ends": "종료",
    "lifted": "해제",
    "lifted by": "해제한 주체",
    "blocks": "차단",
    "off": "꺼짐",
    "on": "켜짐",
    "changed": "변경",
    "changed by": "변경한 사람",
    "firewall switch": "방화벽 스위치",
    "time": "시각",
    "method": "메서드",
    "path": "경로",
    "user agent": "사용자 에이전트",
    "status": "상태",
    "traffic log entry": "트래픽 기록 항목",
    "traffic log": "트래픽 기록",
    # shield/lists.py
    "“%(value)s” is neither an address nor a range of addresses.": (
        "“%(value)s”은(는) 주소도 주소 범위도 아닙니다."
    ),
    "A user agent text has 3 to 200 characters.": "사용자 에이전트 문자열은 3~200자여야 합니다.",
    # shield/admin.py
    "Lift the selected blocks": "선택한 차단 해제",
    # shield/blockpage.py and shield/templates/shield/blocked.html
    "The check did not succeed. Please try again.": "확인에 실패했습니다. 다시 시도해 주세요.",
    "Access paused": "접속이 잠시 중지되었습니다",
    "Requests from your network are not accepted by this site. If you think this is a mistake, "
    "please write to the site's operators.": (
        "이 사이트는 귀하의 네트워크에서 오는 요청을 받지 않습니다. 잘못된 조치라고 생각되면 "
        "사이트 운영자에게 연락해 주세요."
    ),
    "Requests from your address looked like an attack on this site, so they are paused for a "
    "while.": "귀하의 주소에서 온 요청이 이 사이트에 대한 공격처럼 보여 잠시 중지되었습니다.",
    "The pause ends at %(time)s UTC.": "중지는 %(time)s(UTC)에 끝납니다.",
    "Checking your browser…": "브라우저를 확인하는 중…",
    "The check did not finish. Please try again.": "확인을 마치지 못했습니다. 다시 시도해 주세요.",
    "If you are a person, your browser can prove it with a short calculation and you can carry "
    "on at once.": (
        "사람이라면 브라우저가 짧은 계산으로 이를 증명하고 바로 계속 이용할 수 있습니다."
    ),
    "Let me in": "계속 이용하기",
    "This check needs JavaScript. Without it, please wait until the pause ends.": (
        "이 확인에는 자바스크립트가 필요합니다. "
        "자바스크립트 없이는 중지가 끝날 때까지 기다려 주세요."
    ),
    "Please wait until the pause ends.": "중지가 끝날 때까지 기다려 주세요.",
}

PLURALS: dict[str, list[str]] = {}
