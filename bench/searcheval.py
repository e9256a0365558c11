"""Pages with known answers for the search benchmark, added to the generated bilingual site.

The generated pages (bench/sitegen.py) are drawn from a small vocabulary, so they are thousands of
plausible distractors. These 26 topics, each in Korean and English at the same path under
`content/<locale>/search-eval/`, are about things that vocabulary never names (a watermark, the
trash, scheduled sending, …), written the way help pages are: the key words with their particles and
endings, inside compounds, in headings. `bench/search-queries.json` lists queries and, for each, the
pages a reader would want in the top ten.
"""

from pathlib import Path

# slug: (Korean title, Korean heading, Korean body, English title, English heading, English body)
TOPICS = {
    "watermark": (
        "문서에 워터마크 넣기", "워터마크 모양 바꾸기",
        "문서를 외부에 공유할 때 워터마크를 넣으면 유출된 사본의 출처를 알 수 있습니다. 워터마크에는 열어 본 사람의 이름과 시각이 들어갑니다.\n\n워터마크의 글자 크기와 투명도는 관리 화면에서 바꿀 수 있습니다. 워터마크설정은 조직 전체에 적용됩니다.",
        "Add a watermark to documents", "Change how the watermark looks",
        "When you share a document outside your organization, a watermark shows who opened each copy. Watermarks carry the viewer's name and the time.\n\nThe watermark's font size and opacity are set in the admin console, for the whole organization.",
    ),
    "trash": (
        "휴지통에서 파일 복원하기", "휴지통 비우기",
        "삭제한 파일은 휴지통으로 옮겨지고 30일 동안 보관됩니다. 휴지통에서 파일을 선택하고 복원을 누르면 원래 폴더로 돌아갑니다.\n\n휴지통을 비우면 파일이 영구히 삭제되어 복원할 수 없습니다.",
        "Restore files from the trash", "Empty the trash",
        "Deleted files move to the trash and are kept for 30 days. Select a file in the trash and choose Restore to put it back in its original folder.\n\nEmptying the trash deletes files permanently; they cannot be restored.",
    ),
    "auto-forwarding": (
        "메일 자동전달 설정하기", "자동전달 끄기",
        "자동전달을 켜면 받은 메일이 지정한 주소로 전달됩니다. 외부 주소로의 자동전달은 관리자가 허용한 경우에만 가능합니다.\n\n더 이상 전달하지 않으려면 자동전달 규칙을 삭제하세요.",
        "Set up automatic forwarding", "Turn off forwarding",
        "With automatic forwarding on, incoming mail is forwarded to an address you choose. Forwarding to outside addresses works only when an admin allows it.\n\nTo stop forwarding, delete the forwarding rule.",
    ),
    "out-of-office": (
        "부재중 자동응답 보내기", "자동응답 기간 정하기",
        "휴가나 출장 중에는 부재중응답을 켜 두세요. 메일을 보낸 사람에게 자동응답 메시지가 한 번 발송됩니다.\n\n시작일과 종료일을 정하면 그 기간에만 자동응답이 동작합니다.",
        "Send an out-of-office reply", "Choose the reply period",
        "While you are on vacation or travelling, turn on the out-of-office reply. Each sender gets the automatic reply once.\n\nSet a start and end date and the auto-reply runs only between them.",
    ),
    "spam": (
        "스팸메일 차단하기", "차단 목록 관리",
        "원하지 않는 메일은 스팸으로 신고하세요. 같은 발신 주소에서 온 메일은 이후 스팸함으로 분류됩니다.\n\n차단목록에 도메인을 추가하면 그 도메인의 모든 메일이 차단됩니다.",
        "Block spam", "Manage the block list",
        "Report unwanted mail as spam. Later mail from the same sender goes to the spam folder.\n\nAdding a domain to your block list blocks every message from that domain.",
    ),
    "co-editing": (
        "여러 사람이 문서 공동편집하기", "편집 충돌 해결",
        "공동편집을 하면 여러 사람이 한 문서를 동시에 고칠 수 있습니다. 각 편집자의 커서가 다른 색으로 표시됩니다.\n\n같은 문단을 동시에 고치면 나중에 저장한 내용이 남고, 이전 내용은 변경내역에서 되돌릴 수 있습니다.",
        "Co-edit a document", "Resolve editing conflicts",
        "Co-editing lets several people change one document at the same time. Each editor's cursor shows in its own color.\n\nWhen two people edit the same paragraph, the later save wins; the earlier text can be brought back from the change history.",
    ),
    "view-history": (
        "문서 열람기록 확인하기", "열람기록 내보내기",
        "열람기록에는 누가 언제 문서를 열어 보았는지가 남습니다. 소유자와 편집 권한이 있는 사람만 열람기록을 볼 수 있습니다.\n\n열람기록은 CSV로 내려받을 수 있습니다.",
        "See who viewed a document", "Export the view history",
        "The view history records who opened a document and when. Only the owner and editors can see it.\n\nThe view history can be downloaded as CSV.",
    ),
    "expiry": (
        "공유링크 만료일 정하기", "만료된 링크 다시 열기",
        "공유링크에 만료일을 정하면 그날이 지나 링크가 더 이상 열리지 않습니다. 기본 만료기간은 7일입니다.\n\n만료된 링크는 만료일을 늘려서 다시 열 수 있습니다.",
        "Set an expiration date for shared links", "Reopen an expired link",
        "Give a shared link an expiration date and it stops opening after that day. Links expire after 7 days by default.\n\nAn expired link opens again once you extend its expiration date.",
    ),
    "download-limit": (
        "다운로드 횟수 제한하기", "제한을 넘었을 때",
        "외부에 보낸 파일의 다운로드횟수를 제한할 수 있습니다. 횟수를 넘으면 받는 사람은 더 이상 파일을 내려받지 못합니다.\n\n횟수제한은 파일마다 따로 정합니다.",
        "Limit the number of downloads", "When the limit is reached",
        "You can cap how many times a file sent outside can be downloaded. Past the cap, recipients can no longer download it.\n\nThe download cap is set per file.",
    ),
    "two-step": (
        "2단계 인증 켜기", "인증앱을 잃어버렸을 때",
        "2단계 인증을 켜면 비밀번호 외에 인증앱의 일회용 번호를 한 번 더 입력합니다. 인증앱으로는 Google Authenticator 같은 앱을 쓸 수 있습니다.\n\n인증앱이 있는 휴대폰을 잃어버렸다면 복구코드로 로그인하세요.",
        "Turn on two-step verification", "If you lose your authenticator app",
        "Two-step verification asks for a one-time number from an authenticator app after your password. Apps such as Google Authenticator work.\n\nIf you lose the phone with your authenticator, sign in with a recovery code.",
    ),
    "sign-in-alerts": (
        "새 기기 로그인 알림 받기", "의심스러운 로그인 신고",
        "처음 보는 기기에서 로그인하면 로그인알림 메일이 발송됩니다. 알림에는 접속 위치와 시각이 나옵니다.\n\n본인이 아니라면 알림의 신고 버튼을 눌러 세션을 끊으세요.",
        "Get alerts for new sign-ins", "Report a suspicious sign-in",
        "Signing in from a device we have not seen sends a sign-in alert. The alert shows where and when.\n\nIf it was not you, press Report in the alert to end that session.",
    ),
    "certificates": (
        "전자서명 인증서 등록하기", "인증서 갱신",
        "결재 문서에 전자서명을 하려면 먼저 공동인증서를 등록해야 합니다. 인증서는 기기마다 한 번 등록합니다.\n\n인증서의 유효기간이 끝나기 전에 갱신하세요.",
        "Register a digital signing certificate", "Renew a certificate",
        "To sign approval documents digitally, register your signing certificate first. Each device needs it once.\n\nRenew the certificate before its validity period ends.",
    ),
    "large-attachments": (
        "대용량첨부 보내기", "대용량첨부 보관 기간",
        "25MB보다 큰 파일은 대용량첨부로 바뀌어 링크로 전달됩니다. 받는 사람은 링크를 눌러 파일을 받습니다.\n\n대용량첨부파일은 30일 동안 보관된 뒤 삭제됩니다.",
        "Send large attachments", "How long large attachments are kept",
        "Files over 25 MB become large attachments and travel as a link. Recipients click it to get the file.\n\nLarge attachments are kept for 30 days, then deleted.",
    ),
    "scheduled-send": (
        "메일 예약발송하기", "예약 취소",
        "메일을 원하는 시각에 보내려면 보내기 옆의 예약발송을 고르세요. 예약된 메일은 예약함에 보관됩니다.\n\n예약을 취소하면 메일이 임시보관함으로 옮겨집니다.",
        "Schedule an email to send later", "Cancel a scheduled email",
        "To send an email at a set time, choose Schedule send next to Send. Scheduled mail waits in the Scheduled folder.\n\nCancelling the schedule moves the mail back to drafts.",
    ),
    "unsend": (
        "보낸 메일 발송취소하기", "발송취소가 안 될 때",
        "메일을 보낸 뒤 30초 안에는 발송취소를 누를 수 있습니다. 취소한 메일은 작성 화면으로 돌아옵니다.\n\n받는 사람이 이미 읽었거나 외부 주소라면 회수되지 않습니다.",
        "Unsend an email", "When unsending does not work",
        "For 30 seconds after sending you can press Undo send. The unsent mail returns to the compose window.\n\nMail already read, or sent to an outside address, cannot be recalled.",
    ),
    "read-receipts": (
        "수신확인으로 읽음 여부 보기", "수신확인 끄기",
        "보낸 메일의 수신확인에서 받는 사람이 메일을 읽었는지 확인할 수 있습니다. 읽은 시각도 함께 나옵니다.\n\n수신확인을 원하지 않으면 개인 환경에서 끌 수 있습니다.",
        "Check read receipts", "Turn off read receipts",
        "Read receipts on sent mail show whether each recipient has read it, and when.\n\nYou can turn read receipts off in your personal preferences.",
    ),
    "import-contacts": (
        "주소록 가져오기", "가져오기 오류",
        "다른 서비스의 주소록을 CSV나 vCard 파일로 가져올 수 있습니다. 가져오기를 하면 같은 이메일의 연락처는 하나로 합쳐집니다.\n\n열 이름이 맞지 않으면 가져오기가 실패하니 예시 파일을 참고하세요.",
        "Import contacts", "Import errors",
        "Bring contacts from another service as a CSV or vCard file. Importing merges contacts that share an email address.\n\nImports fail when the column names do not match; follow the sample file.",
    ),
    "shortcuts": (
        "키보드 단축키 쓰기", "단축키 목록",
        "단축키를 쓰면 마우스 없이 메일을 읽고 보낼 수 있습니다. 물음표 키를 누르면 단축키 목록이 열립니다.\n\n단축키는 개인 환경에서 켜고 끌 수 있습니다.",
        "Use keyboard shortcuts", "List of shortcuts",
        "Keyboard shortcuts let you read and send mail without a mouse. Press the question mark key to open the list of shortcuts.\n\nShortcuts can be switched on or off in your preferences.",
    ),
    "offline": (
        "오프라인에서 문서 편집하기", "동기화 충돌",
        "오프라인모드를 켜면 인터넷이 끊겨도 문서를 열고 편집할 수 있습니다. 다시 연결되면 변경 내용이 자동으로 동기화됩니다.\n\n오프라인에서 고친 내용이 다른 사람의 변경과 겹치면 두 사본이 모두 남습니다.",
        "Edit documents offline", "Sync conflicts",
        "With offline mode on, you can open and edit documents without a connection. Changes sync automatically once you are back online.\n\nIf offline edits overlap someone else's, both copies are kept.",
    ),
    "screen-sharing": (
        "화상회의에서 화면공유하기", "화면공유 권한",
        "회의 중 화면을 공유하려면 아래쪽의 화면공유 버튼을 누르세요. 전체 화면이나 창 하나만 고를 수 있습니다.\n\n주최자는 참가자의 화면공유를 막을 수 있습니다.",
        "Share your screen in a video meeting", "Who may share their screen",
        "To share your screen during a meeting, press the screen share button at the bottom. Pick the whole screen or one window.\n\nThe host can stop participants from sharing their screens.",
    ),
    "meeting-rooms": (
        "회의실 예약하기", "회의실 예약 취소",
        "일정을 만들 때 회의실을 함께 예약할 수 있습니다. 이미 예약된 시간에는 회의실이 회색으로 표시됩니다.\n\n회의실예약을 취소하면 다른 사람이 바로 예약할 수 있습니다.",
        "Book a meeting room", "Cancel a room booking",
        "When you create an event you can book a meeting room with it. Rooms already booked at that time show in grey.\n\nCancelling a room booking frees it for others at once.",
    ),
    "approvals": (
        "전자결재 요청하기", "결재선 지정",
        "전자결재를 요청하려면 양식을 고르고 결재선을 지정한 뒤 상신하세요. 결재자가 승인하면 알림이 옵니다.\n\n결재선에는 합의자와 참조자를 더할 수 있습니다.",
        "Request an approval", "Choose the approval line",
        "To request an approval, pick a form, set the approval line and submit it. You are notified when approvers sign off.\n\nThe approval line can include reviewers and people in copy.",
    ),
    "translation": (
        "받은 메일 번역하기", "번역 언어 바꾸기",
        "외국어로 온 메일은 번역 버튼으로 바로 번역됩니다. 원문과 번역문을 번갈아 볼 수 있습니다.\n\n번역될 언어는 개인 환경의 언어를 따릅니다.",
        "Translate a message", "Change the translation language",
        "Mail in a foreign language is translated with the Translate button. Switch between the original and the translation.\n\nMessages are translated into the language of your preferences.",
    ),
    "encrypted-mail": (
        "암호화메일 보내기", "암호화메일 열기",
        "중요한 내용은 메일을 암호화하여 보내세요. 받는 사람은 암호를 입력해야 본문을 볼 수 있습니다.\n\n암호화메일의 암호는 메일과 다른 경로로 알려 주세요.",
        "Send encrypted mail", "Open encrypted mail",
        "Encrypt messages that carry sensitive content. Recipients must enter a passphrase to read the body.\n\nTell recipients the passphrase through another channel than the mail itself.",
    ),
    "ip-restriction": (
        "IP 접근제한 설정하기", "접근제한 예외",
        "접근제한을 켜면 허용한 IP 대역에서만 로그인할 수 있습니다. 사무실 밖에서의 접속은 차단됩니다.\n\n출장자처럼 예외가 필요한 사용자는 예외목록에 추가하세요.",
        "Restrict access by IP address", "Exceptions to the restriction",
        "With IP restrictions on, people can sign in only from the address ranges you allow. Connections from outside the office are refused.\n\nAdd users who need an exception, such as travellers, to the exception list.",
    ),
    "departures": (
        "퇴사자 계정 정리하기", "퇴사자 메일 넘기기",
        "구성원이 퇴사하면 계정을 정지하고 데이터를 다른 구성원에게 이관하세요. 퇴사자의 드라이브 파일은 후임자에게 넘길 수 있습니다.\n\n퇴사자 메일은 후임자에게 자동전달되도록 정할 수 있습니다.",
        "Offboard a departing employee", "Hand over a departed employee's mail",
        "When someone leaves, suspend their account and transfer their data to another member. Their drive files can go to their successor.\n\nMail to a departed employee can be forwarded to the successor.",
    ),
}


def write_pages(helpgen_content):
    """Writes the evaluation pages under `<content>/<locale>/search-eval/`; returns their URLs by slug."""
    urls = {}
    for locale, (title_at, heading_at, body_at) in (("ko", (0, 1, 2)), ("en", (3, 4, 5))):
        folder = Path(helpgen_content) / locale / "search-eval"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(
            f"---\ntitle: {'검색 평가' if locale == 'ko' else 'Search evaluation'}\norder: 999\n---\n", encoding="utf-8")
        for slug, topic in TOPICS.items():
            intro, section = topic[body_at].split("\n\n", 1)
            text = f"---\ntitle: {topic[title_at]}\n---\n\n{intro}\n\n## {topic[heading_at]}\n\n{section}\n"
            (folder / f"{slug}.md").write_text(text, encoding="utf-8")
            urls[(locale, slug)] = f"/{locale}/search-eval/{slug}/"
    return urls
