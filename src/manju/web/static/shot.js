// manju studio: the selected shot's panel — its frames and segment, and the card's editor.
// Each control makes one operation through the project's session (set_shot, retime,
// add_prop/remove_prop, split_shot, merge_shots, insert_shot): one step to undo, and only the
// shots it touches are rendered again. Names and lines go into the page as text.
"use strict";

const pretty = (s) => String(s).replace(/_/g, " ");

function options(values, current) {
  return values.map((v) => el("option", { value: v, text: pretty(v), selected: v === current }));
}

// The framing, the camera move and who is in the shot: one set_shot.
function setupEditor(shot) {
  const framing = el("select", { id: "shot-framing" }, options(state.framings, shot.framing));
  const camera = el("select", { id: "shot-camera" }, options(state.cameras, shot.camera));
  const people = el("fieldset", { id: "shot-subjects", cls: "subjects" }, el("legend", { text: "In the shot" }),
    state.project.cast.map((c) => el("label", {},
      el("input", { type: "checkbox", value: c.id, checked: (shot.subject_ids || []).includes(c.id) }), " ", c.name)));
  const apply = () => {
    const who = [...people.querySelectorAll("input:checked")].map((i) => i.value);
    const fields = {};
    if (framing.value !== shot.framing) fields.framing = framing.value;
    if (camera.value !== shot.camera) fields.camera = camera.value;
    if (who.join() !== (shot.subject_ids || []).join()) fields.subjects = who;
    if (Object.keys(fields).length) setShot(shot.id, fields); else say("nothing changed");
  };
  return el("div", { cls: "shot-edit" },
    el("label", { cls: "field" }, "Framing ", framing),
    el("label", { cls: "field" }, "Camera ", camera),
    people,
    el("button", { type: "button", id: "shot-apply", text: "Apply", onclick: apply }));
}

// How long the shot holds after its last line and the pace of its pauses: one retime.
function timingEditor(shot) {
  const hold = el("input", { id: "shot-hold", type: "number", min: -5, max: 30, step: 0.5, value: shot.hold ?? 0 });
  const pace = el("select", { id: "shot-pace" }, options(state.paces, shot.pace || "normal"));
  const apply = () => {
    const h = Number(hold.value);
    if (!Number.isFinite(h) || h < -5 || h > 30) { say("hold: -5 to 30 seconds", true); return; }
    const body = {};
    if (h !== (shot.hold ?? 0)) body.hold = h;
    if (pace.value !== (shot.pace || "normal")) body.pace = pace.value;
    if (Object.keys(body).length) shotEdit(shot.id, "retime", body, "Retimed"); else say("nothing changed");
  };
  return el("div", { cls: "shot-edit timing" },
    el("label", { cls: "field" }, "Hold ", hold, " s"),
    el("label", { cls: "field" }, "Pace ", pace),
    el("button", { type: "button", id: "shot-retime", text: "Set timing", onclick: apply }));
}

// The props the shot shows (each with a remove button) and a select to add one.
function propsEditor(shot) {
  const have = shot.props || [];
  const add = el("select", { id: "shot-prop" }, options(state.props.filter((p) => !have.includes(p))));
  return el("div", { cls: "shot-edit props" },
    el("div", { cls: "field" }, "Props ",
      have.length ? have.map((p) => el("span", { cls: "chip", dataset: { prop: p } }, p,
        el("button", { type: "button", cls: "chip-x", title: `take the ${p} out`, "aria-label": `remove ${p}`, text: "×",
                       onclick: () => shotEdit(shot.id, "props/remove", { prop: p }, "Prop removed") })))
                  : el("span", { cls: "meta", text: "none" })),
    el("div", { cls: "field" }, add,
      el("button", { type: "button", id: "shot-prop-add", text: "Add prop", disabled: have.length >= 3,
                     onclick: () => shotEdit(shot.id, "props/add", { prop: add.value }, "Prop added") })));
}

// Cut: split the shot (in the middle, or after one of its lines), merge it with the next
// shot of its scene, or insert a silent shot after it.
function cutEditor(shot) {
  const where = el("select", { id: "shot-split-at" }, el("option", { value: "", text: "in the middle" }),
    shot.lines.slice(0, -1).map((ln, i) => el("option", { value: ln.id, text: `after line ${i + 1}` })));
  const scene = state.project.scenes.find((sc) => sc.shots.some((s) => s.id === shot.id));
  const last = !scene || scene.shots[scene.shots.length - 1].id === shot.id;
  const kind = el("select", { id: "shot-insert-framing" }, options(["wide", "close_up", "reaction", "insert"], "wide"));
  const insert = () => {
    const body = { framing: kind.value };
    if (kind.value === "insert") {
      const prop = (shot.props || [])[0] || $("shot-prop")?.value;
      if (!prop) { say("an insert shot shows a prop: add one first", true); return; }
      body.props = [prop];
    }
    shotEdit(shot.id, "insert", body, "Inserted");
  };
  return el("div", { cls: "shot-edit cut" },
    el("div", { cls: "field" }, el("button", { type: "button", id: "shot-split", text: "Split",
      onclick: () => shotEdit(shot.id, "split", where.value ? { after_line: where.value } : {}, "Split") }), where),
    el("div", { cls: "field" }, el("button", { type: "button", id: "shot-merge", text: "Merge with next", disabled: last,
      title: last ? "the last shot of a scene has no next shot to merge with" : null,
      onclick: () => shotEdit(shot.id, "merge", {}, "Merged") })),
    el("div", { cls: "field" }, el("button", { type: "button", id: "shot-insert", text: "Insert after", onclick: insert }),
      kind, el("span", { cls: "meta", text: "a silent shot" })));
}

function renderShot() {
  const box = $("tab-shot");
  const shot = shotById(state.selected);
  if (!shot) { fill(box, el("p", { cls: "hint", text: "Select a shot card." })); return; }
  fill(box,
    el("h3", { text: `Shot ${shot.number} · ${shot.id}` }),
    el("div", { cls: "frames" }, shot.frames.map((src) => el("img", { src, alt: "" }))),
    shot.segment ? el("video", { src: shot.segment, controls: true, preload: "none", cls: "seg" }) : null,
    setupEditor(shot), timingEditor(shot), propsEditor(shot), cutEditor(shot),
    el("p", { cls: "meta", text: `${shot.duration.toFixed(2)} s · camera ${shot.camera} · ${shot.transition}` }),
    shot.subjects.length ? el("p", { cls: "meta", text: "In the shot: " + shot.subjects.join(", ") }) : null,
    el("ul", { cls: "lines" }, shot.lines.map((ln) => el("li", { cls: ln.kind },
      ln.speaker ? el("b", { text: ln.speaker }) : el("i", { text: "narration" }),
      ln.emotion && ln.emotion !== "neutral" ? el("span", { cls: "emo", text: ` (${ln.emotion})` }) : null,
      el("div", { text: ln.text })))));
}
