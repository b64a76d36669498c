"""The inline stylesheet and script of the review report: the page loads nothing else."""

from __future__ import annotations

# No network, no external resources: the policy makes the browser enforce it.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")

CSS = """
:root { --fg:#1d2330; --muted:#5b6475; --line:#d9dde5; --bg:#f6f7f9; --card:#fff;
  --ok:#1f7a3d; --mt:#a15c00; --tm:#1f5fa8; --draft:#6b3fa0; --new:#7a7f8a;
  --err:#b3261e; --warn:#a15c00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
header.top { padding: 16px 24px 8px; background: var(--card);
  border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 22px; }
h1 .pair { color: var(--muted); font-weight: 400; }
p.meta { margin: 0 0 12px; color: var(--muted); }
.totals { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 12px; }
.total { min-width: 112px; padding: 8px 12px; border: 1px solid var(--line); border-radius: 8px;
  background: var(--bg); }
.total .n { display: block; font-size: 22px; font-weight: 700; }
.total .k { color: var(--muted); font-size: 12px; text-transform: uppercase;
  letter-spacing: .04em; }
.total.t-reviewed .n { color: var(--ok); } .total.t-mt .n { color: var(--mt); }
.total.t-tm .n { color: var(--tm); } .total.t-untranslated .n { color: var(--new); }
.total.t-findings .n, .total.t-recovery .n { color: var(--err); }
.controls { display: flex; gap: 18px; align-items: center; color: var(--muted); }
.controls select { font: inherit; padding: 2px 6px; }
main { padding: 8px 24px 40px; }
section.release { margin: 18px 0 28px; }
h2 { margin: 0 0 2px; font-size: 17px; }
h2 small { color: var(--muted); font-weight: 400; font-size: 12px; margin-left: 8px; }
p.counts { margin: 0 0 8px; color: var(--muted); }
table.segments { width: 100%; border-collapse: collapse; background: var(--card);
  border: 1px solid var(--line); table-layout: fixed; }
table.segments th { position: sticky; top: 0; background: #eef0f4; text-align: left;
  padding: 6px 8px; font-size: 12px; color: var(--muted); border-bottom: 1px solid var(--line); }
table.segments td { padding: 7px 8px; vertical-align: top; border-top: 1px solid var(--line);
  white-space: pre-wrap; overflow-wrap: anywhere; }
col.c-state { width: 130px; } col.c-notes { width: 24%; }
tr.recovery td:first-child { box-shadow: inset 4px 0 0 var(--err); }
tr.flagged:not(.recovery) td:first-child { box-shadow: inset 4px 0 0 var(--warn); }
tr.flagged td.target { background: #fff6f5; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; color: #fff; white-space: nowrap; }
.badge-reviewed { background: var(--ok); } .badge-mt { background: var(--mt); }
.badge-tm { background: var(--tm); } .badge-draft { background: var(--draft); }
.badge-untranslated { background: var(--new); }
.conf { display: block; margin-top: 4px; font-variant-numeric: tabular-nums; font-size: 12px; }
.conf meter { width: 70px; height: 8px; vertical-align: middle; margin-right: 4px; }
.conf.low { color: var(--err); font-weight: 700; } .conf.mid { color: var(--warn); }
span.where { display: block; margin-top: 4px; font-size: 11px; color: var(--muted);
  white-space: normal; }
mark { background: #fff0a8; border-radius: 3px; padding: 0 1px; }
mark.forbidden { background: #ffd6d2; outline: 1px solid var(--err); }
code.chip { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #e8eaf0;
  border: 1px solid #c9cdd8; border-radius: 4px; padding: 0 3px; color: #3a4150; }
span.missing { color: var(--new); font-style: italic; }
ul.findings { list-style: none; margin: 6px 0 0; padding: 0; white-space: normal; }
li.finding { margin: 2px 0; padding: 3px 6px; border-radius: 4px; font-size: 12.5px; }
li.finding.error { background: #fde7e5; color: var(--err); }
li.finding.warning { background: #fff1dc; color: #7a4600; }
li.finding code { font-size: 11.5px; }
td.notes { font-size: 12.5px; color: var(--muted); }
td.notes p { margin: 0 0 4px; white-space: normal; }
td.notes p.recovery { color: var(--err); font-weight: 600; }
ul.file-findings { margin: 0 0 8px; padding-left: 18px; }
tr[hidden] { display: none; }
"""

# Sorting and filtering read data attributes only; no text from the catalogs goes into
# the script. `#sort=confidence` in the URL picks the initial order. `data-ready` and the
# row counter tell a headless browser (and a test) that the script ran.
JS = """
(function () {
  "use strict";
  var select = document.getElementById("sort");
  var hide = document.getElementById("hide-reviewed");
  var shown = document.getElementById("shown");
  function num(value, missing) { return value === undefined || value === "" ? missing : +value; }
  function compare(a, b, mode) {
    if (mode === "document") { return num(a.dataset.order, 0) - num(b.dataset.order, 0); }
    if (mode === "confidence") {
      var ca = num(a.dataset.confidence, 2), cb = num(b.dataset.confidence, 2);
      if (ca !== cb) { return ca - cb; }
    }
    return num(a.dataset.rank, 0) - num(b.dataset.rank, 0);
  }
  function apply() {
    var mode = select.value, count = 0;
    document.querySelectorAll("table.segments tbody").forEach(function (body) {
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) { return compare(a, b, mode); });
      rows.forEach(function (row) {
        body.appendChild(row);
        row.hidden = hide.checked && row.dataset.state === "reviewed";
        if (!row.hidden) { count += 1; }
      });
    });
    shown.textContent = String(count);
    document.body.dataset.sort = mode;
  }
  var wanted = /(?:^#|&)sort=(\\w+)/.exec(window.location.hash);
  if (wanted && select.querySelector('option[value="' + wanted[1] + '"]')) {
    select.value = wanted[1];
  }
  select.addEventListener("change", apply);
  hide.addEventListener("change", apply);
  apply();
  document.body.dataset.ready = "true";
})();
"""
