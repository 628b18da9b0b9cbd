"""Every sentence a student or instructor reads, in Korean and English, in one place.

Generic sentences live in CATALOGUE below; an assignment adds its own (misconception
diagnoses) in ``autograder/suites/<name>/messages.toml``. Code never formats a sentence
itself: it builds a ``Message(key, fields)`` and a writer renders it with a Catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import tomllib

from autograder.model import Message
from autograder.relations import messages as relation_messages

LANGS = ("ko", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # report furniture
    "title": {"ko": "채점 결과", "en": "Grading feedback"},
    "student": {"ko": "학생", "en": "Student"},
    "file": {"ko": "채점한 파일", "en": "File graded"},
    "total": {"ko": "총점", "en": "Total"},
    "function": {"ko": "함수", "en": "Function"},
    "points": {"ko": "점수", "en": "Points"},
    "check": {"ko": "확인한 내용", "en": "What was checked"},
    "result": {"ko": "결과", "en": "Result"},
    "input": {"ko": "입력", "en": "Input"},
    "your_value": {"ko": "제출한 값", "en": "Your value"},
    "expected_value": {"ko": "기대한 값", "en": "Expected value"},
    "tolerance": {"ko": "허용 오차", "en": "Tolerance"},
    "output": {"ko": "출력(일부)", "en": "Printed output (truncated)"},
    "traceback": {"ko": "오류 위치 (내 코드)", "en": "Where it failed (your code)"},
    "all_passed": {"ko": "모든 확인을 통과했습니다.", "en": "All checks passed."},
    "diagnosis": {"ko": "흔한 실수와 일치합니다", "en": "This matches a common mistake"},
    # plot labels (a suite's messages.toml may name them for its own exercise)
    "fit_plot": {"ko": "데이터와 학습된 곡선", "en": "Data and the fitted curves"},
    "loss_plot": {"ko": "반복에 따른 손실", "en": "Loss against iteration"},
    "your_line": {"ko": "내 답", "en": "your answer"},
    "reference_line": {"ko": "기준 답", "en": "reference"},
    "iteration": {"ko": "반복 횟수", "en": "iteration"},
    "diverged": {
        "ko": "손실이 줄지 않고 커집니다: 학습률이나 갱신 방향(부호)을 확인하세요.",
        "en": "The loss grows instead of shrinking: check the learning rate and the sign "
        "of the update.",
    },
    # outcomes
    "passed": {"ko": "통과", "en": "passed"},
    "wrong": {"ko": "값이 틀림", "en": "wrong value"},
    "raised": {"ko": "오류 발생", "en": "raised an error"},
    "timeout": {"ko": "시간 초과", "en": "timed out"},
    "crashed": {"ko": "프로세스 종료됨", "en": "process died"},
    "missing": {"ko": "함수 없음", "en": "function missing"},
    "skipped": {"ko": "실행 안 함", "en": "not run"},
    "grader_error": {"ko": "채점기 오류(학생 잘못 아님)", "en": "grader error (not your fault)"},
    # what happened in a check
    "hidden_wrong": {
        "ko": "기준 답과 허용 오차(rtol={rtol}, atol={atol}) 이상 다릅니다. 수식과 인자 "
        "사용을 다시 확인하세요.",
        "en": "Differs from the reference by more than the tolerance (rtol={rtol}, "
        "atol={atol}). Re-check the formula and how you use the arguments.",
    },
    "public_wrong": {"ko": "값이 기대와 다릅니다.", "en": "The value is not the expected one."},
    "not_implemented": {
        "ko": "{fn}: 아직 구현하지 않았습니다 (NotImplementedError).",
        "en": "{fn}: not implemented yet (NotImplementedError).",
    },
    "raised_error": {"ko": "{fn} 에서 오류: {error}", "en": "{fn} raised {error}"},
    # A hidden check's student errors, told without anything the student's code chose
    # (see hidden_view): the public checks show the same kind of error in full.
    "hidden_raised": {
        "ko": "{fn} 이(가) 숨은 검사에서 오류를 냈습니다. 숨은 검사는 오류 내용과 출력을 "
        "보여 주지 않습니다. 공개 검사와 다른 입력(음수, 큰 값, 데이터 하나)으로 직접 "
        "실행해 보세요.",
        "en": "{fn} raised an error in a hidden check. Hidden checks do not show error "
        "text or printed output; try your function on other inputs than the public checks "
        "(negative or large values, a single data point).",
    },
    "hidden_bad_return": {
        "ko": "{fn} 이(가) 숨은 검사에서 쓸 수 없는 형태의 값을 돌려주었습니다. 공개 검사에서 "
        "기대하는 형태를 확인하세요.",
        "en": "{fn} returned a value of an unusable form in a hidden check; the public "
        "checks show the form expected.",
    },
    "hidden_missing_key": {
        "ko": "{fn} 이(가) 숨은 검사에서 돌려준 값에 {name} 이(가) 없습니다.",
        "en": "In a hidden check, what {fn} returned has no entry {name}.",
    },
    "hidden_shape": {
        "ko": "{fn} 이(가) 숨은 검사에서 돌려준 {name} 의 모양이 {expected} 이(가) 아닙니다.",
        "en": "In a hidden check, the {name} that {fn} returned does not have shape {expected}.",
    },
    "hidden_load_ended": {
        "ko": "파일의 최상위 코드를 실행하던 프로세스가 끝났습니다.",
        "en": "The process running your file's top-level code ended.",
    },
    "hidden_crashed": {
        "ko": "{fn} 을(를) 실행하던 프로세스가 숨은 검사 중에 끝났습니다 (sys.exit, 메모리 "
        "또는 CPU 한도?).",
        "en": "The process running {fn} ended during a hidden check (sys.exit, or a memory "
        "or CPU limit?).",
    },
    "call_timeout": {
        "ko": "{fn} 이(가) {seconds}초 안에 끝나지 않았습니다 (무한 반복?).",
        "en": "{fn} did not return within {seconds} s (an endless loop?).",
    },
    "timed_out_before": {
        "ko": "실행하지 않음: {fn} 이(가) 이미 {count}번 시간 초과되었습니다.",
        "en": "Not run: {fn} already timed out {count} times.",
    },
    "budget_used": {
        "ko": "실행하지 않음: 이 제출물에 주어진 {seconds}초를 모두 썼습니다 (파일 실행, 그래프, "
        "채점 호출에 든 시간을 모두 셉니다).",
        "en": "Not run: this submission used its {seconds} s budget (loading the file, the "
        "plots and the checks all count).",
    },
    "load_timeout": {
        "ko": "파일의 최상위 코드가 시간 안에 끝나지 않았습니다.",
        "en": "Running your file's top-level code timed out.",
    },
    "load_crashed": {
        "ko": "파일의 최상위 코드를 실행하던 프로세스가 종료되었습니다 ({how}).",
        "en": "The process running your file's top-level code ended ({how}).",
    },
    "call_crashed": {
        "ko": "{fn} 을(를) 실행하던 프로세스가 종료되었습니다 ({how}).",
        "en": "The process running {fn} ended ({how}).",
    },
    "sandbox_failed": {
        "ko": "샌드박스를 시작하지 못했습니다 ({how}).",
        "en": "The sandbox could not start ({how}).",
    },
    "fn_missing": {
        "ko": "{fn} 함수가 제출물에 정의되어 있지 않습니다.",
        "en": "Function {fn} is not defined in your submission.",
    },
    "bad_return": {"ko": "{fn} 의 반환값 문제: {why}", "en": "{fn}: {why}"},
    "want_scalar": {
        "ko": "{fn} 이(가) {kind} (모양 {shape}) 을(를) 돌려주었습니다. 숫자 하나가 필요합니다.",
        "en": "{fn} returned {kind} with shape {shape}; expected one number.",
    },
    "want_pair": {
        "ko": "{fn} 이(가) 값 {count}개를 돌려주었습니다. 두 값이 필요합니다.",
        "en": "{fn} returned {count} value(s); expected a pair of values.",
    },
    "want_array": {
        "ko": "{fn} 이(가) {kind} 을(를) 돌려주었습니다. 숫자 배열이 필요합니다.",
        "en": "{fn} returned a {kind}; expected an array of numbers.",
    },
    "want_dict": {
        "ko": "{fn} 이(가) {kind} 을(를) 돌려주었습니다. 딕셔너리가 필요합니다.",
        "en": "{fn} returned a {kind}; expected a dict.",
    },
    "want_sequence": {
        "ko": "{fn} 이(가) {kind} 을(를) 돌려주었습니다. 튜플(또는 리스트)이 필요합니다.",
        "en": "{fn} returned a {kind}; expected a tuple (or list).",
    },
    "reply_broken": {
        "ko": "{fn}: 채점기와의 통신 통로에 다른 내용이 쓰였습니다.",
        "en": "{fn}: something else was written to the grader's channel.",
    },
    "grader_error_note": {
        "ko": "채점기 자체에 문제가 있었습니다. 담당 교수자에게 알려 주세요.",
        "en": "The grader itself had a problem. Please tell your instructor.",
    },
    "load_errors": {
        "ko": "파일의 최상위 코드를 실행하다 오류가 났습니다. 그 전에 정의된 함수와, 그 뒤의 "
        "정의(def, class, import, 간단한 대입)는 그대로 채점했습니다:",
        "en": "Your file's top-level code raised an error. The functions defined before it, and "
        "the definitions after it (def, class, import, simple assignments), were still graded:",
    },
    # whole submissions that cannot be graded (intake)
    "ungradable": {
        "ko": "제출물을 채점할 수 없습니다: {reason}",
        "en": "Your submission could not be graded: {reason}",
    },
    # the {where} of no_file, ambiguous and same_name where the folder is the kit's own
    # (the Gradescope bundle's): the student knows it only as what they submitted
    "your_submission": {"ko": "제출물", "en": "your submission"},
    "empty": {"ko": "{name} 이(가) 비어 있습니다", "en": "{name} is empty"},
    "not_text": {
        "ko": "{name} 을(를) 텍스트로 읽을 수 없습니다 (UTF-8 아님)",
        "en": "{name} is not readable text (not UTF-8)",
    },
    "syntax_error": {
        "ko": "{name} 의 {line}번째 줄에 문법 오류 (syntax error): {error}",
        "en": "syntax error in {name}, line {line}: {error}",
    },
    "syntax_error_cell": {
        "ko": "{name} 의 {cell}번째 코드 셀 {line}번째 줄에 문법 오류 (syntax error): {error}",
        "en": "syntax error in {name}, line {line} of code cell {cell}: {error}",
    },
    "null_byte": {
        "ko": "{name} 의 {line}번째 줄에 널 문자(NUL)가 있습니다. 파이썬 코드에는 들어갈 수 "
        "없는 문자이니, 파일을 UTF-8 텍스트로 다시 저장하세요",
        "en": "{name} holds a null character (NUL) on line {line}, which Python source cannot "
        "contain; save the file again as UTF-8 text",
    },
    "null_byte_cell": {
        "ko": "{name} 의 {cell}번째 코드 셀 {line}번째 줄에 널 문자(NUL)가 있습니다. 파이썬 "
        "코드에는 들어갈 수 없는 문자이니 지우세요",
        "en": "line {line} of code cell {cell} in {name} holds a null character (NUL), which "
        "Python source cannot contain; delete it",
    },
    "unparsable": {"ko": "{name} 을(를) 해석할 수 없습니다", "en": "{name} cannot be parsed"},
    "too_large": {"ko": "{name} 이(가) 너무 큽니다", "en": "{name} is too large"},
    "bad_notebook": {
        "ko": "{name} 은(는) 올바른 주피터 노트북이 아닙니다",
        "en": "{name} is not a valid Jupyter notebook",
    },
    "no_code_cells": {"ko": "{name} 에 코드 셀이 없습니다", "en": "{name} has no code cells"},
    "no_file": {
        "ko": "{where} 에 {stem}.py, .ipynb, .zip 파일이 없습니다",
        "en": "{where} holds no {stem}.py, .ipynb or .zip file",
    },
    "ambiguous": {
        "ko": "{where} 에 {ext} 파일이 여러 개이고 {stem}{ext} 이(가) 없습니다: {names}",
        "en": "{where} holds several {ext} files and none is named {stem}{ext}: {names}",
    },
    "same_name": {
        "ko": "{where} 에 {file} 이(가) 여러 곳에 있습니다 ({names}). 채점할 파일 하나만 "
        "남기고 나머지는 지우세요",
        "en": "{where} holds {file} in more than one place ({names}); keep only the one to be "
        "graded",
    },
    "bad_zip": {
        "ko": "{name} 은(는) 올바른 zip 파일이 아닙니다",
        "en": "{name} is not a valid zip file",
    },
    "zip_unreadable": {"ko": "{name} 을(를) 읽을 수 없습니다", "en": "{name} cannot be read"},
    "zip_too_many": {"ko": "{name} 에 파일이 너무 많습니다", "en": "{name} holds too many files"},
    "zip_nested": {
        "ko": "{name} 안에 또 zip 이 있습니다. 코드를 직접 제출하세요",
        "en": "{name} holds another zip; submit the code itself",
    },
    "zip_unsafe_path": {
        "ko": "{name} 에 위험한 경로({path})가 있습니다 (unsafe path). 파일만 압축하세요",
        "en": "{name} holds an unsafe path ({path}); zip the files only",
    },
    "zip_symlink": {
        "ko": "{name} 에 심볼릭 링크({path})가 있습니다 (symbolic link). 파일만 압축하세요",
        "en": "{name} holds a symbolic link ({path}); zip the files only",
    },
    "zip_bomb": {
        "ko": "{name} 을(를) 풀면 제출물에 필요한 것보다 훨씬 큽니다 (far more data)",
        "en": "{name} expands to far more data than a submission needs",
    },
    "not_regular": {
        "ko": "{name} 은(는) 일반 파일이 아닙니다",
        "en": "{name} is not a regular file",
    },
    "unreadable": {
        "ko": "{name} 을(를) 읽을 수 없습니다 ({why})",
        "en": "{name} cannot be read ({why})",
    },
    # notebooks whose structure the grader cannot read, and intake's last resort
    "notebook_too_deep": {
        "ko": "{name} 은(는) 올바른 주피터 노트북이 아닙니다: JSON 이 너무 깊게 중첩되어 있습니다",
        "en": "{name} is not a valid Jupyter notebook: its JSON is nested too deeply",
    },
    "notebook_bad_cells": {
        "ko": '{name} 은(는) 올바른 주피터 노트북이 아닙니다: "cells" 가 셀의 목록이 아닙니다',
        "en": '{name} is not a valid Jupyter notebook: its "cells" is not a list of cells',
    },
    "notebook_bad_cell": {
        "ko": "{name} 은(는) 올바른 주피터 노트북이 아닙니다: {cell}번째 셀이 셀(JSON 객체)이 "
        "아닙니다",
        "en": "{name} is not a valid Jupyter notebook: cell {cell} is not a cell (a JSON object)",
    },
    "notebook_bad_cell_type": {
        "ko": '{name} 은(는) 올바른 주피터 노트북이 아닙니다: {cell}번째 셀의 "cell_type" 이 '
        "문자열이 아닙니다",
        "en": '{name} is not a valid Jupyter notebook: the "cell_type" of cell {cell} is not '
        "a string",
    },
    "notebook_bad_source": {
        "ko": '{name} 은(는) 올바른 주피터 노트북이 아닙니다: {cell}번째 셀의 "{field}" 이(가) '
        "문자열이나 문자열의 목록이 아닙니다",
        "en": '{name} is not a valid Jupyter notebook: the "{field}" of cell {cell} is not a '
        "string or a list of strings",
    },
    "notebook_too_many_cells": {
        "ko": "{name} 에 코드 셀이 너무 많습니다 ({limit}개까지 채점합니다)",
        "en": "{name} has too many code cells (at most {limit} are graded)",
    },
    "notebook_too_much_code": {
        "ko": "{name} 의 코드 셀에 코드가 너무 많습니다 ({lines}줄, {mb} MB 까지 채점합니다. "
        "셀의 출력은 세지 않습니다)",
        "en": "{name} holds too much code in its code cells (at most {lines} lines and {mb} MB "
        "are graded; cell outputs do not count)",
    },
    "intake_failed": {
        "ko": "채점기가 {name} 을(를) 읽다가 오류가 났습니다 (채점기 문제이며 학생 잘못이 "
        "아닙니다). 담당 교수자에게 알려 주세요",
        "en": "the grader failed while reading {name} (a problem in the grader, not your "
        "fault); please tell your instructor",
    },
    # the HTML reports
    "class_title": {"ko": "반 전체 결과", "en": "Class results"},
    "plots": {"ko": "그래프", "en": "Plots"},
    "data": {"ko": "데이터", "en": "data"},
    "public_check": {"ko": "공개", "en": "public"},
    "hidden_check": {"ko": "숨김", "en": "hidden"},
    "lines_omitted": {"ko": "… ({count}줄 생략)", "en": "… ({count} lines omitted)"},
    "truncated": {"ko": "… (이하 생략)", "en": "… (truncated)"},
    "submissions": {"ko": "학생 수", "en": "Students"},  # people, not files
    "graded": {"ko": "채점 완료", "en": "Graded"},
    "n_ungradable": {"ko": "채점 불가", "en": "Ungradable"},
    "n_grader_error": {"ko": "채점기 오류", "en": "Grader errors"},
    "mean": {"ko": "평균", "en": "Mean"},
    "median": {"ko": "중앙값", "en": "Median"},
    "q1": {"ko": "1사분위 (Q1)", "en": "Q1 (25%)"},
    "q3": {"ko": "3사분위 (Q3)", "en": "Q3 (75%)"},
    "score_distribution": {"ko": "점수 분포", "en": "Score distribution"},
    "n_students": {"ko": "학생 수", "en": "Students"},
    "by_function": {
        "ko": "함수별 통과율 (어려운 순)",
        "en": "Pass rate by function (hardest first)",
    },
    "by_check": {
        "ko": "확인 항목별 통과율 (어려운 순)",
        "en": "Pass rate by check (hardest first)",
    },
    "all_checks_passed": {"ko": "모두 통과한 비율", "en": "All checks passed"},
    "pass_rate": {"ko": "통과율", "en": "Pass rate"},
    "mean_points": {"ko": "평균 점수", "en": "Mean points"},
    "failures": {"ko": "실패 내역", "en": "Failures"},
    "visibility": {"ko": "공개 여부", "en": "Visibility"},
    "misconceptions": {"ko": "자주 보인 실수", "en": "Most common misconceptions"},
    "needs_attention": {"ko": "확인이 필요한 제출물", "en": "Needs attention"},
    "reason": {"ko": "이유", "en": "Reason"},
    "zero_total": {"ko": "총점 0점", "en": "total is 0"},
    "all_students": {"ko": "전체 학생", "en": "All students"},
    "status": {"ko": "상태", "en": "Status"},
    "status_graded": {"ko": "채점 완료", "en": "graded"},
    "status_ungradable": {"ko": "채점 불가", "en": "ungradable"},
    "status_grader_error": {"ko": "채점기 오류", "en": "grader error"},
    "sort_hint": {"ko": "열 제목을 누르면 정렬됩니다.", "en": "Click a column header to sort."},
    "none": {"ko": "없음", "en": "None"},
    "grader_stopped": {
        "ko": "채점기 오류로 채점이 중단되었습니다 (pytest 종료 코드 {code})",
        "en": "grader error (pytest exit code {code})",
    },
    # who a submission is (a platform's download, see layouts.py)
    "name": {"ko": "이름", "en": "Name"},
    "late": {"ko": "제출 기한", "en": "Deadline"},
    "late_yes": {"ko": "기한 후 제출", "en": "submitted late"},
    "submitted_at": {"ko": "제출 시각", "en": "Submitted at"},
    "left_out": {"ko": "채점하지 않은 파일", "en": "Files not graded"},
    "older_version": {
        "ko": "같은 파일의 이전 버전입니다 (가장 최근 버전을 채점했습니다)",
        "en": "an older version of the same file (the newest was graded)",
    },
    "not_chosen": {
        "ko": "다른 코드 파일을 채점했습니다",
        "en": "another code file was graded",
    },
    "not_code": {"ko": "코드 파일이 아닙니다", "en": "not a code file"},
    "no_code_submitted": {
        "ko": "코드 파일(.py, .ipynb, .zip)을 제출하지 않았습니다 (제출한 것: {files})",
        "en": "no code was submitted (.py, .ipynb or .zip); what was handed in: {files}",
    },
    "odd_entry": {
        "ko": "{entry}: 이름이 {layout} 다운로드의 규칙에 맞지 않아 누구의 제출인지 알 수 "
        "없습니다. 이름을 고치거나 따로 채점하세요",
        "en": "{entry}: its name does not follow the {layout} download's rules, so whose it "
        "is cannot be told; rename it or grade it apart",
    },
    "duplicate_id": {
        "ko": "여러 항목이 같은 학생 ID {id} 가 됩니다: {entries}. 하나만 남기세요",
        "en": "several entries give the same student id {id}: {entries}; keep only one",
    },
    "no_assignment_folder": {
        "ko": "{where} 에 {assignment} 과제 폴더가 없습니다 (있는 폴더: {names})",
        "en": "{where} holds no {assignment} folder (it holds: {names})",
    },
    # the whole download (the instructor reads these on the command line)
    "layout_line": {
        "ko": "형식: {layout} (파일 {files}개, {people}명)",
        "en": "layout: {layout} ({files} files, {people} people)",
    },
    "layout_none": {
        "ko": "{path}: 이름이 어떤 형식(Canvas, Moodle, GitHub Classroom, nbgrader)에도 맞지 "
        "않습니다. 내려받은 zip 그대로인지 확인하거나 --layout 으로 지정하세요",
        "en": "{path}: its names fit no layout (Canvas, Moodle, GitHub Classroom, nbgrader); "
        "check it is the download as it came, or name one with --layout",
    },
    "layout_mismatch": {
        "ko": "{path}: --layout {layout} 로 지정했지만 {layout} 다운로드의 이름이 하나도 없습니다",
        "en": "{path}: --layout {layout} was given, but no name follows the {layout} "
        "download's rules",
    },
    "layout_mismatch_seen": {
        "ko": "{path}: --layout {layout} 로 지정했지만 이것은 {seen} 다운로드로 보입니다",
        "en": "{path}: --layout {layout} was given, but this looks like a {seen} download",
    },
    "class_empty": {
        "ko": "{path}: 제출물이 하나도 없습니다",
        "en": "{path}: holds no submissions at all",
    },
    "class_bad_zip": {
        "ko": "{path}: 읽을 수 있는 zip 파일이 아닙니다 ({why})",
        "en": "{path}: not a readable zip file ({why})",
    },
    "class_too_many": {
        "ko": "{path}: 항목이 너무 많습니다 ({count}개, 최대 {limit}개)",
        "en": "{path}: too many entries ({count}; at most {limit})",
    },
    "case_clash": {
        "ko": "ID {ids} 는 대소문자나 유니코드 정규화만 다릅니다: 같은 사람인지 확인하세요",
        "en": "ids {ids} differ only by case or Unicode normalisation: check they are "
        "different people",
    },
}


# The relation diagnoses every assignment shares (autograder/relations.py).
CATALOGUE.update(relation_messages())


class Catalogue:
    """The generic sentences plus one assignment's own (``messages.toml``)."""

    def __init__(self, extra: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.entries: dict[str, Mapping[str, str]] = {**CATALOGUE, **(extra or {})}

    @classmethod
    def for_suite(cls, suite: Path) -> Catalogue:
        path = suite / "messages.toml"
        if not path.is_file():
            return cls()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls({key: value for key, value in data.items() if isinstance(value, dict)})

    def t(self, key: str, lang: str = "ko", **fields: object) -> str:
        entry = self.entries.get(key)
        if entry is None:
            return key
        template = entry.get(lang, entry.get("en", key))
        try:
            return template.format(**fields)
        except (KeyError, IndexError, ValueError):  # a sentence must never stop a report
            return template

    def render(self, message: Message | None, lang: str = "ko") -> str:
        if message is None:
            return ""
        return self.t(message.key, lang, **message.args())


DEFAULT = Catalogue()

# What a hidden check may tell a student about an error, by message key: the new key and the
# fields kept. Only fields the grader chose survive (the function's name, the expected entry
# or shape); error text, type names, returned keys, shapes, counts and exit codes are the
# student's code's choice and could carry a hidden input or a reference value out.
HIDDEN_FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "raised_error": ("hidden_raised", ("fn",)),
    "call_crashed": ("hidden_crashed", ("fn",)),
    "load_crashed": ("hidden_load_ended", ()),
    "timed_out_before": ("timed_out_before", ("fn", "count")),  # count: the grader's, at most 2
    "bad_return": ("hidden_bad_return", ("fn",)),
    "want_scalar": ("hidden_bad_return", ("fn",)),
    "want_pair": ("hidden_bad_return", ("fn",)),
    "want_array": ("hidden_bad_return", ("fn",)),
    "want_dict": ("hidden_bad_return", ("fn",)),
    "want_sequence": ("hidden_bad_return", ("fn",)),
    "bp_missing_key": ("hidden_missing_key", ("fn", "name")),
    "bp_shape": ("hidden_shape", ("fn", "name", "expected")),
}
# Fields the grader alone chooses; a message of another key keeps only these.
GRADER_FIELDS = ("fn", "seconds", "name", "expected", "rtol", "atol")


def hidden_view(message: Message | None) -> Message | None:
    """``message`` as a hidden check may show it (see HIDDEN_FORMS)."""
    if message is None:
        return None
    key, kept = HIDDEN_FORMS.get(message.key, (message.key, GRADER_FIELDS))
    fields = dict(message.fields)
    if key == message.key and set(fields) - set(kept):
        key, kept = "hidden_bad_return", ("fn",)  # a suite's own complaint about a value
    return Message(key, tuple((k, v) for k, v in message.fields if k in kept))


def t(key: str, lang: str = "ko", **fields: object) -> str:
    return DEFAULT.t(key, lang, **fields)


def pick_language(text: str, lang: str) -> str:
    """Descriptions are written "한국어 / English": keep the part for ``lang``."""
    if " / " not in text:
        return text
    korean, english = text.split(" / ", 1)
    return korean.strip() if lang == "ko" else english.strip()
