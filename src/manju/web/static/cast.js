// manju studio: the cast — a group on the canvas beside the scenes (the cast sheet and a card
// per character) and the Cast tab, which shows the selected character read-only. Pictures come
// only from the URLs the server gives (the checked file route, the reference-sheet route);
// names, aliases and descriptions go into the page as text.
"use strict";

const STILL_WIDTH = 120;  // px on the canvas: a character card's picture

// A character's picture: its reference sheet, else its neutral face cut from the cast sheet.
function castPicture(c, sheet) {
  if (c.picture) return el("img", { cls: "cc-pic", src: c.picture, alt: "", loading: "lazy", draggable: "false" });
  if (c.still && sheet) {
    const k = STILL_WIDTH / c.still.w;
    const box = el("div", { cls: "cc-still" });
    box.style.width = `${STILL_WIDTH}px`;
    box.style.height = `${Math.round(c.still.h * k)}px`;
    const img = el("img", { src: sheet.url, alt: "", loading: "lazy", draggable: "false" });
    img.style.width = `${Math.round(sheet.width * k)}px`;
    img.style.left = `${-Math.round(c.still.x * k)}px`;
    img.style.top = `${-Math.round(c.still.y * k)}px`;
    box.append(img);
    return box;
  }
  return el("div", { cls: "nothumb cc-none", text: "no picture" });
}

function characterCard(c, sheet) {
  const card = el("article", { cls: "ccard", tabindex: 0, dataset: { cid: c.id } },
    castPicture(c, sheet),
    el("div", { cls: "cc-body" },
      el("b", { cls: "cc-name", text: c.name }),
      c.aliases.length ? el("div", { cls: "cc-aliases", text: `also ${c.aliases.join(", ")}` }) : null,
      c.voice ? el("div", { cls: "cc-voice", text: `voice ${c.voice}` }) : null,
      c.sheets.length ? el("div", { cls: "cc-refs", text: `${c.sheets.length} reference sheet${c.sheets.length > 1 ? "s" : ""}` }) : null));
  if (state.character === c.id) card.classList.add("selected");
  card.addEventListener("click", () => selectCharacter(c.id));
  card.addEventListener("keydown", (e) => { if (e.key === "Enter") selectCharacter(c.id); });
  return card;
}

// The cast group of the canvas (null when the project has no cast yet).
function castGroup(p) {
  const sheet = p.cast_sheet || null;
  if (!(p.cast || []).length && !sheet) return null;
  return el("section", { id: "cast-group", cls: "cast-group" },
    el("h3", {}, el("span", { cls: "s-num", text: "Cast" })),
    sheet ? el("img", { cls: "cast-sheet", src: sheet.url, alt: "cast sheet", loading: "lazy", draggable: "false" }) : null,
    el("div", { cls: "cast-cards" }, (p.cast || []).map((c) => characterCard(c, sheet))));
}

function selectCharacter(cid) {
  state.character = cid;
  for (const c of document.querySelectorAll(".ccard")) c.classList.toggle("selected", c.dataset.cid === cid);
  renderCast();
  showTab("cast");
}

function swatches(c) {
  const box = el("span", { cls: "swatches" });
  for (const [name, colour] of Object.entries(c.colors || {})) {
    if (typeof colour === "string" && /^#[0-9a-fA-F]{3,8}$/.test(colour)) {
      const s = el("span", { cls: "swatch", title: `${name} ${colour}` });
      s.style.background = colour;
      box.append(s);
    }
  }
  return box;
}

// Rows of a read-only table of ``fields`` (look or voice), names made readable.
function fieldTable(id, fields) {
  const rows = Object.entries(fields || {});
  if (!rows.length) return null;
  return el("table", { id, cls: "fields" }, rows.map(([k, v]) =>
    el("tr", {}, el("th", { text: pretty(k) }), el("td", { text: typeof v === "string" ? pretty(v) : String(v) }))));
}

function characterDetails(c, sheet) {
  return el("div", { id: "cast-detail", cls: "cast-detail" },
    el("h3", { text: c.name }),
    el("div", { cls: "meta", text: [c.gender, c.age, `${c.lines} lines`, c.aliases.length && `also ${c.aliases.join(", ")}`]
      .filter(Boolean).join(" · ") }),
    c.sheets.length
      ? el("div", { cls: "refs" }, c.sheets.map((s) => el("figure", {},
          el("img", { src: s.url, alt: "", loading: "lazy" }),
          el("figcaption", { text: `${pretty(s.view)} · ${s.by}` }))))
      : castPicture(c, sheet),
    c.description.length ? el("h4", { text: "Description" }) : null,
    c.description.length ? el("ul", { cls: "desc" }, c.description.map((d) => el("li", { text: d }))) : null,
    el("h4", {}, "Look ", swatches(c)),
    fieldTable("cast-look", c.look) || el("p", { cls: "hint", text: "no look yet" }),
    el("h4", { text: "Voice" }),
    fieldTable("cast-voice", c.speech) || el("p", { cls: "hint", text: "no voice yet" }));
}

function renderCast() {
  const p = state.project;
  const box = $("tab-cast");
  const sheet = p.cast_sheet || null;
  const chosen = p.cast.find((c) => c.id === state.character);
  fill(box,
    chosen ? characterDetails(chosen, sheet) : el("p", { cls: "hint", text: "Select a character on the canvas." }),
    el("ul", { cls: "cast" }, p.cast.map((c) =>
      el("li", { cls: c.id === state.character ? "chosen" : null, tabindex: 0, dataset: { cid: c.id },
                 onclick: () => selectCharacter(c.id) },
        el("b", { text: c.name }), swatches(c),
        el("div", { cls: "meta", text: [c.gender, c.age, `${c.lines} lines`, c.voice && `voice ${c.voice}`,
                                        c.aliases.length && `also ${c.aliases.join(", ")}`].filter(Boolean).join(" · ") })))));
}
