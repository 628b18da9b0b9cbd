"""The inline style sheet and table-sorting script of the HTML reports (no external assets).

Kept apart from html_report.py so the page builders stay short. The script's hash goes into
each page's Content-Security-Policy, so no other script can run there.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root {
  --fg: #1c2230; --muted: #5d6678; --line: #dde2ea; --bg: #f4f6f9; --card: #fff;
  --ok: #1b7a37; --ok-bg: #e6f4ea; --bad: #b3261e; --bad-bg: #fcebea;
  --warn: #7a5200; --warn-bg: #fff3d6; --accent: #2f5fb3; --code-bg: #f2f4f7;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo",
    "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR", NanumGothic, Roboto, sans-serif;
  word-break: keep-all; overflow-wrap: break-word;
}
main { max-width: 980px; margin: 0 auto; padding: 20px 16px 48px; }
h1 { font-size: 1.55rem; line-height: 1.3; margin: 0 0 12px; }
h2 { font-size: 1.2rem; margin: 0 0 10px; display: flex; flex-wrap: wrap;
  align-items: baseline; gap: 6px 12px; }
h2 .pts { margin-left: auto; font-size: 1rem; color: var(--muted); font-weight: 600; }
p { margin: 6px 0; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono",
  "Noto Sans Mono CJK KR", NanumGothicCoding, monospace; font-size: .88em; }
code { background: var(--code-bg); border-radius: 4px; padding: 1px 5px;
  overflow-wrap: anywhere; word-break: normal; }
pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px;
  padding: 10px 12px; margin: 8px 0; overflow-x: auto; line-height: 1.45; white-space: pre;
  word-break: normal; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  padding: 18px 20px; margin: 16px 0; box-shadow: 0 1px 2px rgba(20, 30, 50, .04); }
.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 14px;
  margin: 0 0 14px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; min-width: 0; }
.total-label { color: var(--muted); font-size: .95rem; }
.score { font-size: 2.6rem; font-weight: 700; line-height: 1.1; margin: 2px 0 10px;
  font-variant-numeric: tabular-nums; }
.score small { font-size: 1.15rem; color: var(--muted); font-weight: 500; }
.bar { height: 10px; background: #e4e8ef; border-radius: 99px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--accent); border-radius: 99px; }
.bar.small { height: 6px; margin: -2px 0 8px; }
.note { border-left: 4px solid var(--muted); border-radius: 6px; padding: 10px 14px;
  margin: 12px 0; background: var(--code-bg); white-space: pre-line; }
.note.bad { background: var(--bad-bg); border-color: var(--bad); }
.note.warn { background: var(--warn-bg); border-color: #d99a00; }
.note.diag { background: #fff7e0; border-color: #e0a100; }
.note.ok { background: var(--ok-bg); border-color: var(--ok); }
.note strong { display: block; margin-bottom: 2px; }
ul.checks { list-style: none; padding: 0; margin: 0; }
li.check { border-top: 1px solid var(--line); padding: 10px 0; }
li.check:first-child { border-top: 0; }
.row { display: flex; align-items: flex-start; gap: 10px; }
.mark { flex: none; width: 1.7em; height: 1.7em; border-radius: 50%; display: inline-flex;
  align-items: center; justify-content: center; font-weight: 700; margin-top: 1px; }
.ok .mark { background: var(--ok-bg); color: var(--ok); }
.bad .mark { background: var(--bad-bg); color: var(--bad); }
.muted .mark { background: #eceef2; color: var(--muted); }
.warn .mark { background: var(--warn-bg); color: var(--warn); }
.desc { flex: 1; min-width: 0; }
.side { flex: none; text-align: right; white-space: nowrap; }
.side .pts { display: block; color: var(--muted); font-variant-numeric: tabular-nums;
  font-size: .9rem; }
.more { margin: 6px 0 0 2.7em; min-width: 0; }
.msg { white-space: pre-wrap; }
.tag { display: inline-block; font-size: .8rem; font-weight: 600; line-height: 1.5;
  padding: 0 9px; border-radius: 99px; background: #eceef2; color: var(--muted);
  white-space: nowrap; }
.tag.ok { background: var(--ok-bg); color: var(--ok); }
.tag.bad { background: var(--bad-bg); color: var(--bad); }
.tag.warn { background: var(--warn-bg); color: var(--warn); }
.badge { font-size: .75rem; color: var(--muted); border: 1px solid var(--line);
  border-radius: 4px; padding: 0 5px; margin-left: 6px; white-space: nowrap; }
.shown { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px;
  margin: 8px 0; font-size: .93rem; }
.shown dt { color: var(--muted); }
.shown dd { margin: 0; min-width: 0; }
details { margin: 6px 0; }
summary { cursor: pointer; color: var(--muted); }
.figs { display: grid; grid-template-columns: minmax(0, 1fr); gap: 18px; }
figure { margin: 0 auto; max-width: 720px; width: 100%; }
figure svg { display: block; width: 100%; height: auto; margin: 0 auto; }
.stats { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px;
  margin: 0 0 16px; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.stat span { display: block; color: var(--muted); font-size: .85rem; }
.stat b { font-size: 1.45rem; font-variant-numeric: tabular-nums; }
.tablewrap { overflow-x: auto; -webkit-overflow-scrolling: touch; max-width: 100%;
  border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:nth-child(even) { background: #fafbfc; }
thead th { background: #eef1f5; font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wrap { white-space: normal; min-width: 16em; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th:hover, table.sortable th:focus { background: #e2e7ef; }
th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: .7em; }
th[aria-sort="descending"]::after { content: " \\25BC"; font-size: .7em; }
.rate { display: inline-block; width: 56px; height: 7px; background: #e4e8ef;
  border-radius: 9px; overflow: hidden; vertical-align: middle; margin-left: 8px; }
.rate > span { display: block; height: 100%; background: var(--accent); }
.hint { color: var(--muted); font-size: .88rem; margin: 0 0 8px; }
.ids a { margin-right: 8px; }
@media (max-width: 600px) {
  main { padding: 12px 10px 40px; }
  .card { padding: 14px 14px; border-radius: 10px; }
  h1 { font-size: 1.3rem; }
  .score { font-size: 2.1rem; }
  .more { margin-left: 0; }
  .stats { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media print {
  body { background: #fff; }
  .card { box-shadow: none; break-inside: avoid; }
}
""".strip()

SORT_JS = """
(function () {
  function key(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
    if (!numeric) { return raw; }
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }
  function sortBy(table, th, col) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var numeric = th.getAttribute("data-type") === "num";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      var r = numeric ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y, undefined,
        {numeric: true, sensitivity: "base"});
      return ascending ? r : -r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(table, th, col); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, th, col);
        }
      });
    });
  });
})();
""".strip()


def csp(*, script: bool) -> str:
    """A Content-Security-Policy that allows nothing from outside the page itself.

    The pictures are inline SVG drawn with presentation attributes only: they need neither
    img-src nor a style attribute, so no image of any kind may load."""
    policy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(SORT_JS.encode("utf-8")).digest()).decode()
        policy += f"; script-src 'sha256-{digest}'"
    return policy
