// manju studio: the projects page, the canvas of shot cards, the chat, the player
// (the cast group and the Cast tab are in cast.js).
// Everything from a project (story text, names, messages) is put in the page with
// textContent, never as HTML.
"use strict";

const state = { projects: [], project: null, pid: null, jobs: new Map(), selected: null, character: null,
                view: { x: 24, y: 24, k: 1 }, pending: new Set(), framings: [], cameras: [],
                paces: [], props: [], llm: null, reveal: null, loads: 0, fitDue: false };

// -- small helpers -------------------------------------------------------------------------
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "cls") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const $ = (id) => document.getElementById(id);
// replaceChildren that skips the nulls and falses conditional children leave.
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

async function api(path, opts = {}) {
  const init = { credentials: "same-origin", ...opts };
  if (opts.json !== undefined) {
    init.method = opts.method || "POST";
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(opts.json);
  }
  const res = await fetch(path, init);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  if (!res.ok) throw new Error((body && (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail))) || res.statusText);
  return body;
}

function say(message, bad) {
  const s = $("status");
  s.textContent = message || "";
  s.classList.toggle("bad", !!bad);
}

function fmtTime(s) {
  if (s === null || s === undefined) return "";
  s = Math.round(s);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function jobText(job) {
  if (!job) return "";
  const what = job.kind === "render" ? "rendering the edit" : job.kind;
  if (job.state === "queued") return `${what}: waiting`;
  if (job.state === "running") {
    const n = job.total ? ` ${job.done}/${job.total}` : "";
    const eta = job.eta >= 1 ? `, about ${fmtTime(job.eta)} left` : "";
    return `${what}: ${job.stage || "starting"}${n}${eta}`;
  }
  if (job.state === "done") return `${what}: done`;
  if (job.state === "confirm") return `${what}: needs a yes (long story)`;
  return `${what}: ${job.state}${job.message ? " — " + job.message : ""}`;
}

function progressBar(job) {
  const bar = el("div", { cls: "bar" }, el("div", { cls: "fill" }));
  const pct = job && job.total ? Math.min(100, Math.round(100 * job.done / job.total)) : 0;
  bar.firstChild.style.width = (job && job.state === "done" ? 100 : pct) + "%";
  return bar;
}

// -- routing -------------------------------------------------------------------------------
function route() {
  const m = location.hash.match(/^#\/p\/([A-Za-z0-9]+)$/);
  $("projects-view").hidden = !!m;
  $("project-view").hidden = !m;
  if (m) openProject(m[1]); else showProjects();
}

// -- projects page ---------------------------------------------------------------------------
async function showProjects() {
  state.pid = null; state.project = null;
  $("crumb").textContent = "";
  try { state.projects = await api("/api/projects"); } catch (e) { say(e.message, true); return; }
  renderProjects();
}

function renderProjects() {
  const list = $("project-list");
  fill(list);
  if (!state.projects.length) list.append(el("li", { cls: "hint", text: "No projects yet." }));
  for (const p of state.projects) {
    const job = state.jobs.get(p.id) || p.job;
    list.append(el("li", { cls: "project-item", dataset: { pid: p.id } },
      el("a", { href: `#/p/${p.id}`, cls: "p-name", text: p.title }),
      el("span", { cls: "p-meta", text: `${p.folder} · ${p.shots} shots${p.lang ? " · " + p.lang : ""}` }),
      el("span", { cls: "p-job", text: jobText(job) }),
      job && (job.state === "running" || job.state === "queued") ? progressBar(job) : null));
  }
}

async function createProject(ev) {
  ev.preventDefault();
  const form = ev.target;
  const data = new FormData(form);
  if (!form.story.files.length) data.delete("story");
  data.set("music", form.music.checked ? "true" : "false");
  $("new-error").textContent = "";
  try {
    const out = await api("/api/projects", { method: "POST", body: data });
    form.reset();
    location.hash = `#/p/${out.project}`;
  } catch (e) { $("new-error").textContent = e.message; }
}

// -- project page ----------------------------------------------------------------------------
async function openProject(pid) {
  const first = state.pid !== pid;
  state.pid = pid;
  const seq = ++state.loads;
  if (first) { state.selected = null; state.character = null; $("chat-log").replaceChildren(); state.pending.clear(); state.fitDue = true; }
  let p;
  try { p = await api(`/api/projects/${pid}`); } catch (e) { say(e.message, true); return; }
  // A load started later (after an edit, or a job's event) has the newer document.
  if (state.pid !== pid || seq !== state.loads) return;
  const old = state.project && state.project.id === pid ? state.project : null;
  state.project = p;
  $("crumb").textContent = p.folder;
  $("p-title").textContent = p.title;
  $("btn-undo").disabled = !p.can_undo;
  $("btn-redo").disabled = !p.can_redo;
  renderJob();
  renderCanvas(old);
  renderShot(); renderCast(); renderFiles();
  if (state.fitDue) { state.fitDue = false; fit(); }
  if (state.reveal && shotById(state.reveal)) { const sid = state.reveal; state.reveal = null; reveal(sid); }
}

function renderJob() {
  const p = state.project;
  if (!p) return;
  const job = state.jobs.get(p.id) || p.job;
  const box = $("p-job");
  fill(box, el("span", { text: jobText(job) }),
    job && (job.state === "running" || job.state === "queued") ? progressBar(job) : null);
  if (job && job.state === "confirm") {
    box.append(el("button", { type: "button", text: "Make anyway", onclick: () => make(true) }));
  }
}

function cardFor(shot) {
  const card = el("article", { cls: "card", tabindex: 0, draggable: shot.movable ? "true" : null,
                               dataset: { sid: shot.id, key: shot.key } },
    shot.thumb ? el("img", { src: shot.thumb, alt: "", loading: "lazy", draggable: "false" })
               : el("div", { cls: "nothumb", text: "not rendered" }),
    el("div", { cls: "c-head" },
      el("b", { text: `#${shot.number}` }), el("span", { cls: "c-id", text: shot.id }),
      el("span", { cls: "c-dur", text: `${shot.duration.toFixed(1)} s` })),
    el("div", { cls: "c-framing", text: `${shot.framing.replace("_", " ")} · ${shot.camera.replace("_", " ")}` }),
    (shot.props || []).length ? el("div", { cls: "c-props", text: shot.props.join(", ") }) : null,
    shot.speakers.length ? el("div", { cls: "c-speaker", text: shot.speakers.join(", ") }) : null,
    el("ul", { cls: "c-lines" }, shot.lines.map((ln) =>
      el("li", { cls: ln.kind }, ln.speaker ? el("b", { text: ln.speaker + ": " }) : null, ln.text))));
  if (state.selected === shot.id) card.classList.add("selected");
  if (state.pending.has(shot.id)) card.classList.add("pending");
  card.addEventListener("click", () => select(shot.id));
  card.addEventListener("keydown", (e) => { if (e.key === "Enter") select(shot.id); });
  card.addEventListener("dragstart", (e) => {
    e.dataTransfer.setData("text/plain", shot.id);
    e.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });
  card.addEventListener("dragend", () => card.classList.remove("dragging"));
  card.addEventListener("dragover", (e) => { e.preventDefault(); card.classList.add("drop"); });
  card.addEventListener("dragleave", () => card.classList.remove("drop"));
  card.addEventListener("drop", (e) => {
    e.preventDefault();
    card.classList.remove("drop");
    const moving = e.dataTransfer.getData("text/plain");
    if (!moving || moving === shot.id) return;
    const box = card.getBoundingClientRect();
    const after = e.clientX > box.left + box.width / 2;
    moveShot(moving, after ? { after: shot.id } : { before: shot.id });
  });
  return card;
}

function renderCanvas(old) {
  const p = state.project;
  const keys = new Map();
  if (old) for (const sc of old.scenes) for (const sh of sc.shots) keys.set(sh.id, sh.key);
  const world = $("world");
  // The cast group (cast.js) stands beside the scenes, left of them.
  const scenes = el("div", { cls: "scenes" });
  fill(world, castGroup(p), scenes);
  if (!p.scenes.length) {
    scenes.append(el("p", { cls: "hint", text: "The shots appear here when the first run has made the storyboard." }));
  }
  p.scenes.forEach((sc, i) => {
    const row = el("div", { cls: "scene-shots", dataset: { scene: sc.id } }, sc.shots.map(cardFor));
    scenes.append(el("section", { cls: "scene", dataset: { scene: sc.id } },
      el("h3", {}, el("span", { cls: "s-num", text: `Scene ${i + 1}` }), " ", sc.heading),
      el("div", { cls: "s-meta", text: [sc.time, sc.weather, sc.mood].join(" · ") }), row));
    for (const sh of sc.shots) {
      if (old && keys.has(sh.id) && keys.get(sh.id) !== sh.key) {
        const c = row.querySelector(`[data-sid="${CSS.escape(sh.id)}"]`);
        if (c) c.classList.add("updated");
      }
    }
  });
  applyView();
}

function shotById(sid) {
  for (const sc of state.project?.scenes || []) for (const sh of sc.shots) if (sh.id === sid) return sh;
  return null;
}

function select(sid) {
  state.selected = sid;
  for (const c of document.querySelectorAll(".card")) c.classList.toggle("selected", c.dataset.sid === sid);
  renderShot();
  showTab("shot");
}

// Select a shot and bring its card to the middle of the canvas (a search result).
function reveal(sid) {
  select(sid);
  const card = document.querySelector(`.card[data-sid="${CSS.escape(sid)}"]`);
  if (!card) return;
  const vp = $("viewport"), w = $("world").getBoundingClientRect(), c = card.getBoundingClientRect();
  const v = state.view;
  const cx = (c.left - w.left + c.width / 2) / v.k, cy = (c.top - w.top + c.height / 2) / v.k;
  v.k = Math.max(v.k, 0.6);
  v.x = vp.clientWidth / 2 - cx * v.k;
  v.y = vp.clientHeight / 2 - cy * v.k;
  applyView();
  card.classList.remove("found");
  void card.offsetWidth;  // restart the highlight
  card.classList.add("found");
}

// Open project ``pid`` (when another is shown) and reveal shot ``sid`` once its cards are drawn.
function revealShot(pid, sid) {
  if (state.pid === pid && state.project) { reveal(sid); return; }
  state.reveal = sid;
  location.hash = `#/p/${pid}`;
}

function renderFiles() {
  const p = state.project;
  const box = $("tab-files");
  const video = p.files.find((f) => f.name === "video.mp4");
  fill(box,
    video ? el("video", { id: "player", cls: "player", controls: true, preload: "metadata",
                          src: `/api/projects/${p.id}/files/video.mp4?v=${video.size}` })
          : el("p", { cls: "hint", text: "No video yet." }),
    el("h3", { text: "Downloads" }),
    el("ul", { cls: "files" }, p.files.map((f) => el("li", {},
      el("a", { href: `/api/projects/${p.id}/files/${f.name.split("/").map(encodeURIComponent).join("/")}?download=1`,
                text: f.name, download: f.name.split("/").pop() }),
      el("span", { cls: "meta", text: ` ${f.kind}, ${(f.size / 1024).toFixed(0)} KiB` })))),
    el("button", { type: "button", text: "Export for Jianying / Premiere / Resolve", onclick: exportProject,
                   disabled: !p.made }));
}

// -- canvas pan and zoom --------------------------------------------------------------------
function applyView() {
  const v = state.view;
  $("world").style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.k})`;
}

function zoomAt(factor, cx, cy) {
  const v = state.view;
  const k = Math.min(3, Math.max(0.1, v.k * factor));
  v.x = cx - (cx - v.x) * (k / v.k);
  v.y = cy - (cy - v.y) * (k / v.k);
  v.k = k;
  applyView();
}

function fit() {
  const vp = $("viewport"), world = $("world");
  const w = world.scrollWidth || 1, h = world.scrollHeight || 1;
  const k = Math.min(1, Math.max(0.1, Math.min((vp.clientWidth - 48) / w, (vp.clientHeight - 48) / h)));
  state.view = { x: 24, y: 24, k };
  applyView();
}

function setupCanvas() {
  const vp = $("viewport");
  let drag = null;
  vp.addEventListener("pointerdown", (e) => {
    if (e.target.closest(".card, .ccard") || e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, vx: state.view.x, vy: state.view.y };
    vp.setPointerCapture(e.pointerId);
    vp.classList.add("panning");
  });
  vp.addEventListener("pointermove", (e) => {
    if (!drag) return;
    state.view.x = drag.vx + e.clientX - drag.x;
    state.view.y = drag.vy + e.clientY - drag.y;
    applyView();
  });
  const end = () => { drag = null; vp.classList.remove("panning"); };
  vp.addEventListener("pointerup", end);
  vp.addEventListener("pointercancel", end);
  vp.addEventListener("wheel", (e) => {
    e.preventDefault();
    const box = vp.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey || !e.shiftKey) zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
    else { state.view.x -= e.deltaY; applyView(); }
  }, { passive: false });
  const centre = () => [vp.clientWidth / 2, vp.clientHeight / 2];
  $("zoom-in").addEventListener("click", () => zoomAt(1.25, ...centre()));
  $("zoom-out").addEventListener("click", () => zoomAt(0.8, ...centre()));
  $("zoom-fit").addEventListener("click", fit);
}

// -- edits -----------------------------------------------------------------------------------
function markPending(ops) {
  for (const op of ops || []) {
    if (op.op === "batch") { markPending(op.ops); continue; }
    if (/^sh_/.test(op.target)) state.pending.add(op.target);
    else if (/^sc_/.test(op.target)) {
      const sc = state.project.scenes.find((s) => s.id === op.target);
      for (const sh of sc ? sc.shots : []) state.pending.add(sh.id);
    } else for (const sc of state.project.scenes) for (const sh of sc.shots) state.pending.add(sh.id);
  }
  for (const c of document.querySelectorAll(".card")) c.classList.toggle("pending", state.pending.has(c.dataset.sid));
}

function chatMessage(who, ...children) {
  const m = el("div", { cls: `msg ${who}` }, ...children);
  $("chat-log").append(m);
  m.scrollIntoView({ block: "end" });
  return m;
}

async function sendChat(ev) {
  ev.preventDefault();
  const input = $("chat-input");
  const text = input.value.trim();
  if (!text || !state.pid) return;
  input.value = "";
  chatMessage("user", el("div", { text }));
  const wait = chatMessage("bot wait", el("div", { text: state.llm ? "asking the language model…" : "…" }));
  try {
    const out = await api(`/api/projects/${state.pid}/chat`, { json: { text } });
    wait.remove();
    const reply = chatMessage("bot", el("div", { cls: "reply-text", text: out.applied ? (out.lang === "zh" ? "已修改：" : "Done:") : out.message }));
    if (out.notice) reply.prepend(el("div", { cls: "notice", text: out.notice }));
    if (state.llm) reply.append(el("div", { cls: "planner", text: out.planner === "llm" ? "planned by the language model" : "read by the offline parser" }));
    if (out.applied) {
      reply.append(el("ul", { cls: "ops" }, out.steps.map((s) => el("li", { text: s }))));
      reply.append(el("ul", { cls: "ops raw" }, out.operations.map((o) => el("li", { text: `${o.op} ${o.target}` }))));
      reply.append(el("button", { type: "button", cls: "undo", text: out.lang === "zh" ? "撤销" : "Undo",
                                   onclick: (e) => undo(e.target) }));
      markPending(out.operations);
    } else if (out.candidates && out.candidates.length) {
      reply.append(el("ul", { cls: "ops" }, out.candidates.map((c) => el("li", { text: c }))));
    }
    await openProject(state.pid);
  } catch (e) { wait.remove(); chatMessage("bot error", el("div", { text: e.message })); }
}

async function edit(path, body, label) {
  try {
    const out = await api(`/api/projects/${state.pid}/${path}`, { json: body || {} });
    await openProject(state.pid);
    if (label) chatMessage("bot", el("div", { text: `${label}: ${out.what || ""}` }));
    return out;
  } catch (e) { say(e.message, true); chatMessage("bot error", el("div", { text: e.message })); return null; }
}

async function undo(button) {
  if (button) button.disabled = true;
  const out = await edit("undo", {}, "Undone");
  if (!out && button) button.disabled = false;
  if (out) markPending([{ op: "all", target: "project" }]);
}

async function setShot(sid, fields) {
  const out = await edit(`shots/${encodeURIComponent(sid)}`, fields, "Changed");
  if (out) markPending([{ op: "set_shot", target: sid }]);
}

async function moveShot(sid, where) {
  const out = await edit(`shots/${encodeURIComponent(sid)}/move`, where, "Moved");
  if (out) markPending([{ op: "move_shot", target: sid }]);
}

// One of the card's layout edits (retime, props/add, split…) on shot ``sid``.
async function shotEdit(sid, action, body, label) {
  const out = await edit(`shots/${encodeURIComponent(sid)}/${action}`, body, label);
  if (out) markPending([{ op: action, target: sid }]);
  return out;
}

async function make(yes) {
  try { await api(`/api/projects/${state.pid}/make`, { json: { yes: !!yes } }); say("queued"); }
  catch (e) { say(e.message, true); }
}

async function exportProject() {
  try { await api(`/api/projects/${state.pid}/export`, { json: {} }); say("export queued"); }
  catch (e) { say(e.message, true); }
}

function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== `tab-${name}`;
}

// -- live progress -----------------------------------------------------------------------------
function onJob(job) {
  state.jobs.set(job.project, job);
  if (state.pid === null) {
    const p = state.projects.find((x) => x.id === job.project);
    if (p) renderProjects(); else showProjects();
    return;
  }
  if (job.project !== state.pid) return;
  renderJob();
  if (["done", "failed", "cancelled", "confirm"].includes(job.state)) {
    if (job.state !== "cancelled") state.pending.clear();
    openProject(state.pid);
  }
}

function listen() {
  const es = new EventSource("/api/events");
  es.onmessage = (m) => {
    let ev;
    try { ev = JSON.parse(m.data); } catch { return; }
    if (ev.type === "job") onJob(ev.job);
  };
}

// -- start -------------------------------------------------------------------------------------
async function start() {
  if (new URLSearchParams(location.search).has("token")) {
    history.replaceState(null, "", location.pathname + location.hash);  // the cookie holds it now
  }
  try {
    const info = await api("/api/info");
    Object.assign(state, { framings: info.framings, cameras: info.cameras, paces: info.paces || [],
                          props: info.props || [], llm: info.llm });
  } catch (e) { say(e.message, true); }
  $("chat-mode").textContent = state.llm
    ? `The chat plans with the language model (${state.llm}); the offline parser stands in when it fails.`
    : "The chat uses the offline parser (manju studio --llm: a language model).";
  $("new-form").addEventListener("submit", createProject);
  $("chat-form").addEventListener("submit", sendChat);
  $("btn-make").addEventListener("click", () => make(false));
  $("btn-undo").addEventListener("click", () => undo(null));
  $("btn-redo").addEventListener("click", () => edit("redo", {}, "Redone"));
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  setupCanvas();
  listen();
  window.addEventListener("hashchange", route);
  route();
}

document.addEventListener("DOMContentLoaded", start);
