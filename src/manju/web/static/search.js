// manju studio: the search box over the open projects. Every field of a result (titles,
// lines, names) goes into the page with textContent, never as HTML.
"use strict";

function hitItem(h) {
  const open = () => { $("search-results").hidden = true; revealShot(h.project, h.shot); };
  return el("li", { cls: "hit", tabindex: 0, dataset: { pid: h.project, sid: h.shot }, onclick: open,
                    onkeydown: (e) => { if (e.key === "Enter") open(); } },
    h.thumb ? el("img", { src: h.thumb, alt: "", loading: "lazy" }) : el("div", { cls: "nothumb", text: "not rendered" }),
    el("div", { cls: "h-body" },
      el("div", { cls: "h-head" }, el("b", { cls: "h-title", text: h.title }),
        el("span", { cls: "meta", text: ` shot ${h.number} · ${h.timecode}` }),
        el("span", { cls: "h-score", text: h.score.toFixed(4) })),
      el("div", { cls: "h-line" }, h.speakers.length ? el("b", { text: h.speakers.join(", ") + ": " }) : null, h.line)));
}

async function runSearch(ev) {
  ev.preventDefault();
  const q = $("search-input").value.trim();
  const box = $("search-results");
  if (!q) { box.hidden = true; return; }
  box.hidden = false;
  fill(box, el("p", { cls: "hint", text: "searching…" }));
  try {
    const out = await api(`/api/search?q=${encodeURIComponent(q)}&k=10`);
    if ($("search-input").value.trim() !== q) return;  // a newer query is on its way
    fill(box,
      el("div", { cls: "h-top" }, el("span", { text: `${out.results.length} shots for “${q}”` }),
        el("button", { type: "button", text: "close", onclick: () => { box.hidden = true; } })),
      out.results.length ? el("ol", { cls: "hits" }, out.results.map(hitItem))
                         : el("p", { cls: "hint", text: "No matching shots." }));
  } catch (e) { fill(box, el("p", { cls: "error", text: e.message })); }
}

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", runSearch);
  $("search-input").addEventListener("keydown", (e) => { if (e.key === "Escape") $("search-results").hidden = true; });
});
