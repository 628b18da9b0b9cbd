"""Every sentence a student or instructor reads, in Korean and English, in one place."""

from __future__ import annotations

LANGS = ("ko", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    "title": {"ko": "채점 결과", "en": "Grading feedback"},
    "student": {"ko": "학생", "en": "Student"},
    "file": {"ko": "채점한 파일", "en": "File graded"},
    "total": {"ko": "총점", "en": "Total"},
    "function": {"ko": "함수", "en": "Function"},
    "points": {"ko": "점수", "en": "Points"},
    "check": {"ko": "확인한 내용", "en": "What was checked"},
    "result": {"ko": "결과", "en": "Result"},
    "passed": {"ko": "통과", "en": "passed"},
    "wrong": {"ko": "값이 틀림", "en": "wrong value"},
    "raised": {"ko": "오류 발생", "en": "raised an error"},
    "timeout": {"ko": "시간 초과", "en": "timed out"},
    "crashed": {"ko": "프로세스 종료됨", "en": "process died"},
    "missing": {"ko": "함수 없음", "en": "function missing"},
    "skipped": {"ko": "실행 안 함", "en": "not run"},
    "grader_error": {"ko": "채점기 오류(학생 잘못 아님)", "en": "grader error (not your fault)"},
    "ungradable": {
        "ko": "제출물을 채점할 수 없습니다: {reason}",
        "en": "Your submission could not be graded: {reason}",
    },
    "grader_error_note": {
        "ko": "채점기 자체에 문제가 있었습니다. 담당 교수자에게 알려 주세요.",
        "en": "The grader itself had a problem. Please tell your instructor.",
    },
    "hidden_wrong": {
        "ko": "기준 답과 허용 오차(rtol={rtol:g}, atol={atol:g}) 이상 다릅니다. "
        "수식과 인자 사용을 다시 확인하세요.",
        "en": "Differs from the reference by more than the tolerance (rtol={rtol:g}, "
        "atol={atol:g}). Re-check the formula and how you use the arguments.",
    },
    "load_errors": {
        "ko": "파일의 최상위 코드를 실행하다 오류가 났습니다 (그 전에 정의된 함수는 채점했습니다):",
        "en": "Your file's top-level code raised an error (functions defined before it "
        "were still graded):",
    },
    "output": {"ko": "출력(일부)", "en": "Printed output (truncated)"},
    "all_passed": {"ko": "모든 확인을 통과했습니다.", "en": "All checks passed."},
}


def t(key: str, lang: str = "ko", **fields: object) -> str:
    entry = CATALOGUE[key]
    return entry.get(lang, entry["en"]).format(**fields)
